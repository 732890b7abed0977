package io.edgefed.am.metrics;

import io.edgefed.am.geni.GeniCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What happened to the calls: {@code edgefed_am_calls_total{method,code}}, {@code
 * edgefed_am_call_duration_seconds{method}} (a histogram), {@code edgefed_am_credential_refusals_total{reason}} and
 * {@code edgefed_am_busy_answers_total}. Labels come from bounded sets only: the ten AM API v3 method names (any
 * other name counts as {@value #OTHER_METHOD}), the GENI code names, and the refusal reasons of {@link #reasonOf}.
 */
@ApplicationScoped
public class CallMetrics {

    /** The method label of a call to a method this AM does not offer. */
    public static final String OTHER_METHOD = "other";

    /** The reason label of a caller whose client certificate was refused before any credential was read. */
    public static final String CLIENT_CERTIFICATE = "client_certificate";

    private static final Set<GeniCode> CREDENTIAL_REFUSALS = Set.of(GeniCode.FORBIDDEN, GeniCode.EXPIRED,
            GeniCode.CREDENTIAL_INVALID, GeniCode.CREDENTIAL_EXPIRED, GeniCode.CREDENTIAL_MISMATCH,
            GeniCode.CREDENTIAL_SIGNER_UNTRUSTED);

    /** From a millisecond to half a minute: GetVersion answers in about one, an Allocate of 200 nodes in seconds. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final Counter busy;

    CallMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.busy = Counter.builder("edgefed.am.busy.answers").description("Calls answered BUSY (14) at once because "
                + "every worker was busy and the queue full").register(registry);
        // Every reason from the start, so that a dashboard shows zero rather than nothing before the first refusal.
        refusals(CLIENT_CERTIFICATE);
        CREDENTIAL_REFUSALS.forEach(code -> refusals(reasonOf(code)));
    }

    /** Counts one answered call of {@code method} (a name the AM offers, or {@link #OTHER_METHOD}). */
    public void answered(String method, GeniCode code, Duration took) {
        count(method, code, took);
        String reason = reasonOf(code);
        if (reason != null) {
            refused(reason);
        }
    }

    /** Counts one call whose caller was refused for its client certificate, before the method ran. */
    public void callerRefused(String method, GeniCode code, Duration took) {
        count(method, code, took);
        refused(CLIENT_CERTIFICATE);
    }

    private void count(String method, GeniCode code, Duration took) {
        Counter.builder("edgefed.am.calls").description("AM API calls answered, by method and GENI code")
                .tags("method", method, "code", code.name()).register(registry).increment();
        Timer.builder("edgefed.am.call.duration").description("Time from a parsed call from an authenticated caller to its answer (credential checks included)")
                .tags("method", method).serviceLevelObjectives(BUCKETS).register(registry).record(took);
    }

    /** Counts a call refused BUSY because the worker queue was full. */
    public void busy() {
        busy.increment();
    }

    /**
     * The refusal reason of a GENI code that only credential and caller checks answer with, e.g. {@code expired},
     * {@code credential_signer_untrusted}; null for every other code.
     */
    public static String reasonOf(GeniCode code) {
        return CREDENTIAL_REFUSALS.contains(code) ? code.name().toLowerCase(Locale.ROOT) : null;
    }

    /** The GENI code of a reply struct ({@code code.geni_code}); {@link GeniCode#ERROR} when it has none. */
    public static GeniCode codeOf(Object reply) {
        if (reply instanceof Map<?, ?> struct && struct.get("code") instanceof Map<?, ?> code
                && code.get("geni_code") instanceof Integer value) {
            for (GeniCode candidate : GeniCode.values()) {
                if (candidate.value() == value) {
                    return candidate;
                }
            }
        }
        return GeniCode.ERROR;
    }

    private void refused(String reason) {
        refusals(reason).increment();
    }

    private Counter refusals(String reason) {
        return Counter.builder("edgefed.am.credential.refusals").description("Calls refused for the caller's certificate or "
                + "credentials, by reason").tags("reason", reason).register(registry);
    }
}
