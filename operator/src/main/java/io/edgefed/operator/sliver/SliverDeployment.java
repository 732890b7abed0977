package io.edgefed.operator.sliver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverSpec;
import io.edgefed.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.smallrye.config.SmallRyeConfig;

/**
 * The Deployment that runs the sliver's container: one replica (none while stopped), on the requested node and CPU
 * architecture, with the configured resources, unprivileged, its {@code authorized_keys} mounted from
 * {@link SliverAuthorizedKeys}. The restart marker is a pod-template annotation, so a new marker rolls the pod.
 */
@KubernetesDependent(informer = @Informer(labelSelector = EdgefedKeys.SLIVER_LABEL))
public class SliverDeployment extends CRUDKubernetesDependentResource<Deployment, Sliver> {

    static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    static final String ARCH_LABEL = "kubernetes.io/arch";
    private static final String KEYS_VOLUME = "authorized-keys";
    /** The login name the image must create: the name part of the first user's URN, as status.login reports. */
    static final String LOGIN_USER_ENV = "EDGEFED_LOGIN_USER";
    /** Where the image's sshd finds the keys (AuthorizedKeysFile); they change in place when users change. */
    static final String AUTHORIZED_KEYS_ENV = "EDGEFED_AUTHORIZED_KEYS";
    /** rw-r--r--: sshd refuses key files that others can write. */
    private static final int KEYS_FILE_MODE = 0644;
    private static final String RUNTIME_DEFAULT = "RuntimeDefault";

    private volatile OperatorConfig.Container settings;

    public SliverDeployment() {
    }

    /** With the given settings rather than the operator's configuration: for tests that run the pod it describes. */
    SliverDeployment(OperatorConfig.Container settings) {
        this.settings = settings;
    }

    @Override
    protected Deployment desired(Sliver sliver, Context<Sliver> context) {
        SliverSpec spec = sliver.getSpec();
        Map<String, String> podAnnotations = spec.getRestartMarker() == null
                ? Map.of()
                : Map.of(SliverObjects.RESTART_ANNOTATION, spec.getRestartMarker());
        return new DeploymentBuilder()
                .withMetadata(SliverObjects.childMetadata(sliver))
                .withNewSpec()
                    .withReplicas(spec.isRunning() ? 1 : 0)
                    // Never two containers of one sliver: the old pod goes before the new one starts.
                    .withNewStrategy().withType("Recreate").endStrategy()
                    .withNewSelector().withMatchLabels(SliverObjects.selector(sliver)).endSelector()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(SliverObjects.labels(sliver))
                            .withAnnotations(podAnnotations)
                        .endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false)
                            .withEnableServiceLinks(false)
                            .withHostNetwork(false)
                            .withHostPID(false)
                            .withHostIPC(false)
                            .withAffinity(placement(spec))
                            .withNewSecurityContext()
                                .withNewSeccompProfile().withType(RUNTIME_DEFAULT).endSeccompProfile()
                            .endSecurityContext()
                            .withContainers(container(sliver, settings()))
                            .addNewVolume()
                                .withName(KEYS_VOLUME)
                                .withNewConfigMap()
                                    .withName(SliverObjects.childName(sliver))
                                    .withDefaultMode(KEYS_FILE_MODE)
                                .endConfigMap()
                            .endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static Container container(Sliver sliver, OperatorConfig.Container settings) {
        return new ContainerBuilder()
                .withName(SliverObjects.CONTAINER)
                .withImage(sliver.getSpec().getImage())
                .addNewPort().withName("ssh").withContainerPort(SliverObjects.SSH_PORT).withProtocol("TCP").endPort()
                // What an image needs to let the experimenter in (images/sliver-ubuntu shows how one uses them).
                .addNewEnv().withName(LOGIN_USER_ENV)
                    .withValue(LoginAddress.username(sliver.getSpec().getUsers()).orElse("")).endEnv()
                .addNewEnv().withName(AUTHORIZED_KEYS_ENV)
                    .withValue(settings.authorizedKeysDir() + "/" + SliverObjects.AUTHORIZED_KEYS).endEnv()
                .withNewResources()
                    .withRequests(Map.of("cpu", new Quantity(settings.cpuRequest()),
                            "memory", new Quantity(settings.memoryRequest())))
                    .withLimits(Map.of("cpu", new Quantity(settings.cpuLimit()),
                            "memory", new Quantity(settings.memoryLimit())))
                .endResources()
                .withNewSecurityContext()
                    .withPrivileged(false)
                    .withAllowPrivilegeEscalation(settings.allowPrivilegeEscalation())
                    .withNewCapabilities()
                        .withDrop("ALL")
                        .withAdd(settings.capabilities())
                    .endCapabilities()
                .endSecurityContext()
                // Ready means sshd accepts connections, which is what geni_ready promises.
                .withNewReadinessProbe()
                    .withNewTcpSocket().withNewPort(SliverObjects.SSH_PORT).endTcpSocket()
                    .withPeriodSeconds(5)
                .endReadinessProbe()
                .addNewVolumeMount()
                    .withName(KEYS_VOLUME)
                    .withMountPath(settings.authorizedKeysDir())
                    .withReadOnly(true)
                .endVolumeMount()
                .build();
    }

    /** Required node affinity on the requested node and architecture; none when neither is asked for. */
    static Affinity placement(SliverSpec spec) {
        List<NodeSelectorRequirement> requirements = new ArrayList<>();
        if (spec.getNode() != null) {
            requirements.add(new NodeSelectorRequirementBuilder().withKey(HOSTNAME_LABEL).withOperator("In")
                    .withValues(spec.getNode()).build());
        }
        if (spec.getArch() != null) {
            requirements.add(new NodeSelectorRequirementBuilder().withKey(ARCH_LABEL).withOperator("In")
                    .withValues(spec.getArch()).build());
        }
        if (requirements.isEmpty()) {
            return null;
        }
        return new AffinityBuilder()
                .withNewNodeAffinity()
                    .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                        .addNewNodeSelectorTerm().withMatchExpressions(requirements).endNodeSelectorTerm()
                    .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .build();
    }

    private OperatorConfig.Container settings() {
        if (settings == null) {
            settings = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(OperatorConfig.class)
                    .container();
        }
        return settings;
    }
}
