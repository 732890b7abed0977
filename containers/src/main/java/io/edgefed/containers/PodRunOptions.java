package io.edgefed.containers;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * The one translation from a pod's spec to a container engine's {@code run} arguments, as a kubelet would start the
 * pod's first container: image, command, environment, volume mounts (from folders the caller filled), capabilities,
 * privilege escalation, seccomp, user, read-only root, CPU and memory limits. What the pod asks for and an engine
 * cannot give on one host is listed in {@link #notApplied()}, never silently dropped.
 *
 * @param arguments  {@code run} and everything after it, ending with the image and the container's arguments
 * @param notApplied each setting of the pod that these arguments do not carry, with why
 */
public record PodRunOptions(List<String> arguments, List<String> notApplied) {

    /**
     * What the host decides about a pod's container, not the pod.
     *
     * @param name      the container's name in the engine
     * @param hostname  the container's host name (a kubelet uses the pod's name)
     * @param labels    engine labels, so that the host's containers can be told apart and tidied
     * @param volumes   for each of the pod's volumes that the caller materialised, the host folder holding it
     * @param published container ports published on the host
     */
    public record Host(String name, String hostname, Map<String, String> labels, Map<String, Path> volumes,
            List<PublishedPort> published) {
    }

    /** A container port reachable on the host at {@code hostAddress:hostPort}. */
    public record PublishedPort(String hostAddress, int hostPort, int containerPort) {
    }

    private static final String RUNTIME_DEFAULT = "RuntimeDefault";

    /**
     * The {@code run} arguments for the pod's first container.
     *
     * @param limits the host's limits, which every run must stay within (see {@link HostLimits})
     */
    public static PodRunOptions of(PodSpec pod, Host host, HostLimits limits) {
        Container container = pod.getContainers().get(0);
        List<String> args = new ArrayList<>(List.of("run", "--detach", "--name", host.name(), "--hostname",
                host.hostname(), "--pull", "never"));
        List<String> notApplied = new ArrayList<>();
        host.labels().forEach((key, value) -> args.addAll(List.of("--label", key + "=" + value)));
        args.addAll(limits.ulimitOptions());
        if (pod.getContainers().size() > 1 || (pod.getInitContainers() != null && !pod.getInitContainers().isEmpty())) {
            notApplied.add("containers other than the first (" + container.getName() + ") are not run");
        }
        namespaces(pod, args);
        security(pod.getSecurityContext(), container.getSecurityContext(), args, notApplied);
        resources(container, args, notApplied);
        environment(container, args, notApplied);
        mounts(pod, container, host.volumes(), args, notApplied);
        for (PublishedPort port : host.published()) {
            args.addAll(List.of("--publish", port.hostAddress() + ":" + port.hostPort() + ":" + port.containerPort()));
        }
        if (container.getCommand() != null && !container.getCommand().isEmpty()) {
            args.addAll(List.of("--entrypoint", container.getCommand().get(0)));
        }
        args.add(container.getImage());
        if (container.getCommand() != null && container.getCommand().size() > 1) {
            args.addAll(container.getCommand().subList(1, container.getCommand().size()));
        }
        if (container.getArgs() != null) {
            args.addAll(container.getArgs());
        }
        return new PodRunOptions(List.copyOf(args), List.copyOf(notApplied));
    }

    /** The port a TCP readiness probe of the pod's first container checks, if it has one with a numeric port. */
    public static Optional<Integer> tcpReadinessPort(PodSpec pod) {
        Probe probe = pod.getContainers().get(0).getReadinessProbe();
        if (probe == null || probe.getTcpSocket() == null || probe.getTcpSocket().getPort() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(probe.getTcpSocket().getPort().getIntVal());
    }

    private static void namespaces(PodSpec pod, List<String> args) {
        if (Boolean.TRUE.equals(pod.getHostNetwork())) {
            args.addAll(List.of("--network", "host"));
        }
        if (Boolean.TRUE.equals(pod.getHostPID())) {
            args.addAll(List.of("--pid", "host"));
        }
        if (Boolean.TRUE.equals(pod.getHostIPC())) {
            args.addAll(List.of("--ipc", "host"));
        }
    }

    private static void security(PodSecurityContext podContext, SecurityContext context, List<String> args,
            List<String> notApplied) {
        SeccompProfile seccomp = context != null && context.getSeccompProfile() != null ? context.getSeccompProfile()
                : podContext == null ? null : podContext.getSeccompProfile();
        if (seccomp != null) {
            switch (seccomp.getType()) {
                // The engine's own default profile is what Kubernetes calls RuntimeDefault: nothing to add.
                case RUNTIME_DEFAULT -> { }
                case "Unconfined" -> args.addAll(List.of("--security-opt", "seccomp=unconfined"));
                default -> notApplied.add("seccomp profile " + seccomp.getType() + " " + seccomp.getLocalhostProfile()
                        + ": only RuntimeDefault and Unconfined are known on this host; the engine's default applies");
            }
        }
        Long user = context != null && context.getRunAsUser() != null ? context.getRunAsUser()
                : podContext == null ? null : podContext.getRunAsUser();
        Long group = context != null && context.getRunAsGroup() != null ? context.getRunAsGroup()
                : podContext == null ? null : podContext.getRunAsGroup();
        if (user != null) {
            args.addAll(List.of("--user", user + (group == null ? "" : ":" + group)));
        } else if (group != null) {
            notApplied.add("runAsGroup " + group + " without runAsUser: the image's user and group apply");
        }
        if (context == null) {
            return;
        }
        if (Boolean.TRUE.equals(context.getPrivileged())) {
            args.add("--privileged");
        }
        if (Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            args.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        if (Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
            args.add("--read-only");
        }
        if (Boolean.TRUE.equals(context.getRunAsNonRoot()) && user == null) {
            notApplied.add("runAsNonRoot: the engine does not check the image's user before starting it");
        }
        Capabilities capabilities = context.getCapabilities();
        if (capabilities != null) {
            Objects.requireNonNullElse(capabilities.getDrop(), List.<String>of())
                    .forEach(capability -> args.addAll(List.of("--cap-drop", capability)));
            Objects.requireNonNullElse(capabilities.getAdd(), List.<String>of())
                    .forEach(capability -> args.addAll(List.of("--cap-add", capability)));
        }
    }

    private static void resources(Container container, List<String> args, List<String> notApplied) {
        if (container.getResources() == null) {
            return;
        }
        Map<String, Quantity> limits = Objects.requireNonNullElse(container.getResources().getLimits(), Map.of());
        Quantity cpu = limits.get("cpu");
        if (cpu != null) {
            args.addAll(List.of("--cpus", Quantity.getAmountInBytes(cpu).stripTrailingZeros().toPlainString()));
        }
        Quantity memory = limits.get("memory");
        if (memory != null) {
            BigDecimal bytes = Quantity.getAmountInBytes(memory);
            args.addAll(List.of("--memory", bytes.toBigInteger().toString()));
        }
        limits.keySet().stream().filter(name -> !name.equals("cpu") && !name.equals("memory"))
                .forEach(name -> notApplied.add("limit of " + name + ": no engine option for it"));
        Map<String, Quantity> requests = container.getResources().getRequests();
        if (requests != null && !requests.isEmpty()) {
            notApplied.add("requests " + requests.keySet().stream().sorted().toList()
                    + ": they reserve a node's capacity for the scheduler; one host has nothing to reserve");
        }
    }

    private static void environment(Container container, List<String> args, List<String> notApplied) {
        for (EnvVar env : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
            if (env.getValueFrom() != null) {
                notApplied.add("env " + env.getName() + " from another object (valueFrom)");
            } else {
                args.addAll(List.of("--env", env.getName() + "=" + Objects.requireNonNullElse(env.getValue(), "")));
            }
        }
        if (container.getEnvFrom() != null && !container.getEnvFrom().isEmpty()) {
            notApplied.add("envFrom: no ConfigMap or Secret is read into the environment");
        }
    }

    private static void mounts(PodSpec pod, Container container, Map<String, Path> volumes, List<String> args,
            List<String> notApplied) {
        for (VolumeMount mount : Objects.requireNonNullElse(container.getVolumeMounts(), List.<VolumeMount>of())) {
            Path folder = volumes.get(mount.getName());
            if (folder == null) {
                String kind = Objects.requireNonNullElse(pod.getVolumes(), List.<Volume>of()).stream()
                        .filter(volume -> volume.getName().equals(mount.getName())).findFirst()
                        .map(PodRunOptions::kindOf).orElse("undeclared");
                notApplied.add("volume " + mount.getName() + " (" + kind + ") at " + mount.getMountPath()
                        + ": nothing on this host holds it");
                continue;
            }
            if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
                folder = folder.resolve(mount.getSubPath());
            }
            boolean readOnly = Boolean.TRUE.equals(mount.getReadOnly());
            args.addAll(List.of("--volume", folder + ":" + mount.getMountPath() + ":" + (readOnly ? "ro" : "rw")));
        }
    }

    private static String kindOf(Volume volume) {
        if (volume.getConfigMap() != null) {
            return "configMap " + volume.getConfigMap().getName();
        }
        if (volume.getSecret() != null) {
            return "secret";
        }
        if (volume.getEmptyDir() != null) {
            return "emptyDir";
        }
        return "volume";
    }
}
