package io.edgefed.operator.sliver;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.edgefed.model.SliverLogin;
import io.edgefed.model.SliverSpec;
import io.edgefed.model.SliverUser;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/**
 * Where an experimenter logs in: a host and port that reach the container from outside the cluster.
 * <p>
 * The port is the Service's NodePort. A NodePort answers on every node, so the host is the external address of the
 * node the container runs on when that node has one, and otherwise (a node behind NAT) the external address of a ready
 * node that has one; the configured fallback host when none has.
 * <p>
 * The user name is the name part of the first user's URN: {@code urn:publicid:IDN+ch.geni.net+user+alice} logs in as
 * {@code alice}. Images create that account (or map every name to one account); the keys of all users are in the
 * shared {@code authorized_keys}.
 */
public final class LoginAddress {

    static final String EXTERNAL_IP = "ExternalIP";
    static final String EXTERNAL_DNS = "ExternalDNS";

    private LoginAddress() {
    }

    /** The login, or empty while the NodePort or every usable host is unknown. */
    public static Optional<SliverLogin> of(SliverSpec spec, String runningOn, SliverObservation seen) {
        Optional<Integer> port = seen.service().flatMap(LoginAddress::sshNodePort);
        Optional<String> host = host(runningOn, spec.getNode(), seen.nodes()).or(seen::fallbackLoginHost);
        if (port.isEmpty() || host.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SliverLogin(host.get(), port.get(), username(spec.getUsers()).orElse(null)));
    }

    /** The host: the running node's external address, the requested node's, or any ready public node's. */
    static Optional<String> host(String runningOn, String requestedNode, List<Node> nodes) {
        return externalAddressOf(runningOn, nodes)
                .or(() -> externalAddressOf(requestedNode, nodes))
                .or(() -> nodes.stream()
                        .filter(LoginAddress::isReady)
                        .sorted(Comparator.comparing(node -> node.getMetadata().getName()))
                        .map(LoginAddress::externalAddress)
                        .flatMap(Optional::stream)
                        .findFirst());
    }

    /** The name part of the first user's URN: what follows the last {@code +}. */
    static Optional<String> username(List<SliverUser> users) {
        if (users == null) {
            return Optional.empty();
        }
        return users.stream()
                .map(SliverUser::getUrn)
                .filter(urn -> urn != null && !urn.isBlank())
                .map(urn -> urn.substring(urn.lastIndexOf('+') + 1))
                .filter(name -> !name.isBlank())
                .findFirst();
    }

    private static Optional<Integer> sshNodePort(Service service) {
        if (service.getSpec() == null || service.getSpec().getPorts() == null) {
            return Optional.empty();
        }
        return service.getSpec().getPorts().stream()
                .map(ServicePort::getNodePort)
                .filter(port -> port != null && port > 0)
                .findFirst();
    }

    private static Optional<String> externalAddressOf(String nodeName, List<Node> nodes) {
        if (nodeName == null) {
            return Optional.empty();
        }
        return nodes.stream()
                .filter(node -> nodeName.equals(node.getMetadata().getName()))
                .findFirst()
                .flatMap(LoginAddress::externalAddress);
    }

    private static Optional<String> externalAddress(Node node) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return Optional.empty();
        }
        List<NodeAddress> addresses = node.getStatus().getAddresses();
        return addressOfType(addresses, EXTERNAL_IP).or(() -> addressOfType(addresses, EXTERNAL_DNS));
    }

    private static Optional<String> addressOfType(List<NodeAddress> addresses, String type) {
        return addresses.stream()
                .filter(address -> type.equals(address.getType()))
                .map(NodeAddress::getAddress)
                .filter(address -> address != null && !address.isBlank())
                .findFirst();
    }

    static boolean isReady(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }
}
