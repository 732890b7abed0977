package io.edgefed.am.credential;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * Produces the {@link Clock} that credential and certificate expiry is judged by: the system's UTC clock, unless a test
 * or another part of the AM provides its own {@code Clock} bean (this one is only a default).
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
