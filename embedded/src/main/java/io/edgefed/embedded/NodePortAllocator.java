package io.edgefed.embedded;

import java.util.BitSet;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Gives every NodePort Service port a node port from 30000-32767, as a real API server does on create; the embedded
 * API server stores Services as they come.
 */
final class NodePortAllocator implements ResourceEventHandler<Service>, AutoCloseable {

    private static final int FIRST = 30000;
    private static final int LAST = 32767;
    private static final int MAX_ATTEMPTS = 10;

    private final KubernetesClient client;
    private final BitSet used = new BitSet();
    private SharedIndexInformer<Service> informer;

    NodePortAllocator(KubernetesClient client) {
        this.client = client;
    }

    void start() {
        informer = client.services().inAnyNamespace().inform(this, 0);
    }

    @Override
    public void onAdd(Service service) {
        allocate(service);
    }

    @Override
    public void onUpdate(Service before, Service service) {
        allocate(service);
    }

    @Override
    public void onDelete(Service service, boolean unknownFinalState) {
        synchronized (used) {
            service.getSpec().getPorts().stream().map(ServicePort::getNodePort)
                    .filter(port -> port != null).forEach(used::clear);
        }
    }

    private void allocate(Service service) {
        synchronized (used) {
            service.getSpec().getPorts().stream().map(ServicePort::getNodePort)
                    .filter(port -> port != null).forEach(used::set);
        }
        if (!"NodePort".equals(service.getSpec().getType())
                || service.getSpec().getPorts().stream().allMatch(port -> port.getNodePort() != null)) {
            return;
        }
        for (int attempt = 1;; attempt++) {
            try {
                client.services().inNamespace(service.getMetadata().getNamespace()).withName(service.getMetadata().getName())
                        .edit(current -> {
                            current.getSpec().getPorts().stream().filter(port -> port.getNodePort() == null)
                                    .forEach(port -> port.setNodePort(nextFreePort()));
                            return current;
                        });
                return;
            } catch (KubernetesClientException e) {
                // A concurrent write by the operator: read the Service again and allocate on the fresh version.
                if (e.getCode() != 409 || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private int nextFreePort() {
        synchronized (used) {
            int port = used.nextClearBit(FIRST);
            if (port > LAST) {
                throw new IllegalStateException("all node ports are in use");
            }
            used.set(port);
            return port;
        }
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
    }
}
