package io.edgefed.agent.node;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The agent's metrics, written by hand in the Prometheus text format (served by {@link MetricsRoute} at
 * {@code /q/metrics} on the health port): a metrics library would add hundreds of classes to a process whose memory is
 * mostly class metadata (see agent/README.md). Every value is a number the agent keeps anyway; no label names a peer:
 * <ul>
 * <li>{@code edgefed_agent_peers{path="direct|relayed|down"}}: peers by the path the agent reports;</li>
 * <li>{@code edgefed_agent_handshake_age_seconds}: a histogram snapshot of the age of each peer's latest WireGuard
 * handshake (peers that never had one are left out: {@code edgefed_agent_peers_without_handshake});</li>
 * <li>{@code edgefed_agent_relay_received_bytes_total}, {@code edgefed_agent_relay_sent_bytes_total}: WireGuard's byte
 * counters of the relay this node uses (zero on a node that uses none);</li>
 * <li>{@code edgefed_agent_record_recreations_total{record="vpnpeer|claim"}}: own records made again;</li>
 * <li>{@code edgefed_agent_api_errors_total}, {@code edgefed_agent_api_last_success_timestamp_seconds}.</li>
 * </ul>
 */
@ApplicationScoped
public class AgentMetrics {

    /** Upper bounds of the handshake age buckets: WireGuard renews a live session's handshake every two minutes. */
    static final long[] HANDSHAKE_BUCKETS = {30, 60, 120, 180, 300, 600, 1800, 3600};

    /** One observation of the mesh: path counts, handshake ages and the relay's counters. */
    public record MeshObservation(int direct, int relayed, int down, Collection<Instant> handshakes, long relayReceived,
            long relaySent) {
    }

    @Inject
    AgentHealth health;

    private volatile MeshObservation mesh = new MeshObservation(0, 0, 0, java.util.List.of(), 0, 0);
    private final AtomicLong peerRecreations = new AtomicLong();
    private final AtomicLong claimRecreations = new AtomicLong();

    /** For code outside CDI (tests); the CDI container injects {@link #health}. */
    public static AgentMetrics of(AgentHealth health) {
        AgentMetrics metrics = new AgentMetrics();
        metrics.health = health;
        return metrics;
    }

    public void observed(MeshObservation observation) {
        mesh = observation;
    }

    /** The own VPNPeer was made again after the API stopped listing it. */
    public void peerRecordRecreated() {
        peerRecreations.incrementAndGet();
    }

    /** A claim of one of the node's VPN addresses was made again. */
    public void claimRecreated() {
        claimRecreations.incrementAndGet();
    }

    /** The exposition at {@code now}, in the Prometheus text format 0.0.4. */
    public String exposition(Instant now) {
        MeshObservation m = mesh;
        StringBuilder out = new StringBuilder(2048);
        family(out, "edgefed_agent_peers", "gauge", "Peers by the path this node reports to them");
        sample(out, "edgefed_agent_peers", "path=\"direct\"", m.direct());
        sample(out, "edgefed_agent_peers", "path=\"relayed\"", m.relayed());
        sample(out, "edgefed_agent_peers", "path=\"down\"", m.down());
        handshakes(out, m.handshakes(), now);
        family(out, "edgefed_agent_relay_received_bytes_total", "counter",
                "Bytes WireGuard received from the relay this node uses (restarts when the relay changes)");
        sample(out, "edgefed_agent_relay_received_bytes_total", null, m.relayReceived());
        family(out, "edgefed_agent_relay_sent_bytes_total", "counter",
                "Bytes WireGuard sent to the relay this node uses (restarts when the relay changes)");
        sample(out, "edgefed_agent_relay_sent_bytes_total", null, m.relaySent());
        family(out, "edgefed_agent_record_recreations_total", "counter",
                "Own records made again after they went missing from the API");
        sample(out, "edgefed_agent_record_recreations_total", "record=\"vpnpeer\"", peerRecreations.get());
        sample(out, "edgefed_agent_record_recreations_total", "record=\"claim\"", claimRecreations.get());
        family(out, "edgefed_agent_api_errors_total", "counter", "Calls to the Kubernetes API that failed");
        sample(out, "edgefed_agent_api_errors_total", null, health.apiErrors());
        Instant success = health.lastApiSuccess();
        family(out, "edgefed_agent_api_last_success_timestamp_seconds", "gauge",
                "When a call to the Kubernetes API last succeeded (Unix time; 0 before the first)");
        sample(out, "edgefed_agent_api_last_success_timestamp_seconds", null,
                success == null ? 0 : success.toEpochMilli() / 1000.0);
        family(out, "edgefed_agent_interface_up", "gauge", "1 while the WireGuard interface is up");
        sample(out, "edgefed_agent_interface_up", null, health.interfaceUp() ? 1 : 0);
        return out.toString();
    }

    private static void handshakes(StringBuilder out, Collection<Instant> handshakes, Instant now) {
        String name = "edgefed_agent_handshake_age_seconds";
        family(out, name, "histogram",
                "Age of each peer's latest WireGuard handshake, as of this scrape (a snapshot, not a history)");
        long[] counts = new long[HANDSHAKE_BUCKETS.length];
        double sum = 0;
        for (Instant handshake : handshakes) {
            double age = Math.max(0, Duration.between(handshake, now).toMillis() / 1000.0);
            sum += age;
            for (int i = 0; i < HANDSHAKE_BUCKETS.length; i++) {
                if (age <= HANDSHAKE_BUCKETS[i]) {
                    counts[i]++;
                }
            }
        }
        for (int i = 0; i < HANDSHAKE_BUCKETS.length; i++) {
            sample(out, name + "_bucket", "le=\"" + HANDSHAKE_BUCKETS[i] + "\"", counts[i]);
        }
        sample(out, name + "_bucket", "le=\"+Inf\"", handshakes.size());
        sample(out, name + "_sum", null, sum);
        sample(out, name + "_count", null, handshakes.size());
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name);
        if (labels != null) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ');
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(String.format(Locale.ROOT, "%.3f", value));
        }
        out.append('\n');
    }
}
