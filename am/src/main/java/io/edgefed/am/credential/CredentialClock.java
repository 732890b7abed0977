package io.edgefed.am.credential;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * Produces the AM's one {@link Clock}: the dispatcher reads it once per call (the instant credentials, expiry and
 * liveness are judged at), the trust roots judge TLS certificates by it, the allocation sweeper runs by it. The
 * system's UTC clock, unless a test provides its own {@code Clock} bean (this one is only a default).
 */
@ApplicationScoped
public class CredentialClock {

    @Produces
    @DefaultBean
    @Singleton // no client proxy: Clock is a JDK class with state-free methods
    Clock systemClock() {
        return Clock.systemUTC();
    }
}
