package io.edgefed.embedded;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The events the scheduler and the kubelet write about a pod they start ({@code Scheduled}, {@code Pulled},
 * {@code Created}, {@code Started}, or {@code FailedScheduling}) or that fails ({@code ErrImageNeverPull},
 * {@code Failed}, {@code BackOff}), so that {@code kubectl get events} and
 * {@code kubectl describe pod} show what a cluster shows. Unlike a real cluster, which forgets events after an hour,
 * each is owned by its pod and goes with it.
 */
final class PodEvents {

    private static final Logger LOG = Logger.getLogger(PodEvents.class.getName());

    private final KubernetesClient client;

    PodEvents(KubernetesClient client) {
        this.client = client;
    }

    /** What a cluster records when a simulated pod starts: scheduled, and its container pulled, created, started. */
    void recordStart(Pod pod) {
        if (recordScheduling(pod)) {
            recordContainerStart(pod, " (simulated: no container engine runs it)");
        }
    }

    /** The scheduler's event: where the pod goes, or why it goes nowhere. Whether it was scheduled. */
    boolean recordScheduling(Pod pod) {
        String node = pod.getSpec().getNodeName();
        if (node == null) {
            var scheduled = pod.getStatus().getConditions().get(0);
            record(pod, "Warning", "FailedScheduling", scheduled.getMessage(), "default-scheduler", null);
            return false;
        }
        record(pod, "Normal", "Scheduled", "Successfully assigned " + pod.getMetadata().getNamespace() + "/"
                + pod.getMetadata().getName() + " to " + node, "default-scheduler", null);
        return true;
    }

    /** The kubelet's events for a container it started (again). */
    void recordContainerStart(Pod pod) {
        recordContainerStart(pod, "");
    }

    private void recordContainerStart(Pod pod, String note) {
        String container = pod.getSpec().getContainers().get(0).getName();
        String image = pod.getSpec().getContainers().get(0).getImage();
        record(pod, "Normal", "Pulled", "Container image \"" + image + "\" already present on machine");
        record(pod, "Normal", "Created", "Created container " + container);
        record(pod, "Normal", "Started", "Started container " + container + note);
    }

    /** An event of the kubelet on the pod's node. */
    void record(Pod pod, String type, String reason, String message) {
        record(pod, type, reason, message, "kubelet", pod.getSpec().getNodeName());
    }

    private void record(Pod pod, String type, String reason, String message, String component, String host) {
        String now = Instant.now().toString();
        try {
            client.v1().events().inNamespace(pod.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(pod.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
                    .withNamespace(pod.getMetadata().getNamespace())
                    .addNewOwnerReference().withApiVersion("v1").withKind("Pod").withName(pod.getMetadata().getName())
                    .withUid(pod.getMetadata().getUid()).endOwnerReference()
                    .endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withName(pod.getMetadata().getName())
                    .withNamespace(pod.getMetadata().getNamespace()).withUid(pod.getMetadata().getUid()).endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message)
                    .withNewSource().withComponent(component).withHost(host).endSource()
                    .withReportingComponent(component).withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.log(Level.FINE, "could not record event " + reason + " for " + pod.getMetadata().getName(), e);
        }
    }
}
