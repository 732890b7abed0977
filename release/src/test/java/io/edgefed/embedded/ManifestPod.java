package io.edgefed.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgefed.containers.ContainerEngine;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * One replica of a Deployment's pod, started under podman the way a kubelet starts it, from the Deployment as the
 * manifests render it: init containers first (each must exit 0), then the containers, each with the manifest's
 * command, args, env (values, {@code fieldRef}s to the pod's name and namespace, {@code envFrom} ConfigMaps read from
 * the API server), ports, volume mounts (ConfigMaps and Secrets read from the API server into read-only folders,
 * emptyDirs as folders the pod's containers share), user, read-only root filesystem, dropped capabilities, no new
 * privileges and memory limit. Image names map to the images the build made ({@code localhost/<name>:<version>}).
 * What a cluster adds and the embedded API server cannot offer, the API server's address, is given as
 * {@code KUBERNETES_MASTER} (which the applications' Fabric8 client and the AM's init step honour) instead of a
 * service account token: it authenticates nobody. The containers use slirp4netns networking, reaching the API server
 * on the host's loopback, with each container port published on a free loopback port.
 */
final class ManifestPod implements AutoCloseable {

    /** The host's loopback as slirp4netns shows it to a container. */
    static final String HOST_LOOPBACK = "10.0.2.2";
    private static final Duration INIT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration ENGINE_TIMEOUT = Duration.ofSeconds(60);

    private final ContainerEngine engine;
    private final String podName;
    private final List<String> running = new ArrayList<>();
    private final Map<String, Map<Integer, Integer>> hostPorts = new HashMap<>();
    private final Map<String, List<String>> runArguments = new HashMap<>();

    private ManifestPod(ContainerEngine engine, String podName) {
        this.engine = engine;
        this.podName = podName;
    }

    /**
     * Starts the pod of {@code deployment}: volumes prepared under {@code workDir}, init containers run to completion,
     * containers started (not yet awaited).
     */
    static ManifestPod start(ContainerEngine engine, Deployment deployment, KubernetesClient api, int apiPort,
            String version, Path workDir) throws IOException {
        String namespace = deployment.getMetadata().getNamespace();
        String podName = deployment.getMetadata().getName() + "-" + Long.toHexString(System.nanoTime() & 0xfffffL);
        ManifestPod pod = new ManifestPod(engine, podName);
        PodSpec spec = deployment.getSpec().getTemplate().getSpec();
        Map<String, Path> volumes = pod.prepareVolumes(spec, namespace, api, workDir.resolve(podName));
        try {
            for (Container init : spec.getInitContainers()) {
                ContainerEngine.Result result = engine.run(pod.runArguments(init, spec, volumes, namespace, api, apiPort,
                        version, false), INIT_TIMEOUT);
                if (!result.succeeded()) {
                    throw new IOException("init container " + init.getName() + " of " + podName + " failed: "
                            + result.stdout() + result.stderr());
                }
            }
            for (Container container : spec.getContainers()) {
                List<String> args = pod.runArguments(container, spec, volumes, namespace, api, apiPort, version, true);
                ContainerEngine.Result result = engine.run(args, ENGINE_TIMEOUT);
                if (!result.succeeded()) {
                    throw new IOException("container " + container.getName() + " of " + podName + " did not start: "
                            + result.stderr());
                }
                pod.running.add(pod.containerName(container));
                pod.hostPorts.put(container.getName(), pod.publishedPorts(container));
            }
        } catch (IOException | RuntimeException e) {
            pod.close();
            throw e;
        }
        return pod;
    }

    private Map<String, Path> prepareVolumes(PodSpec spec, String namespace, KubernetesClient api, Path dir)
            throws IOException {
        Map<String, Path> folders = new LinkedHashMap<>();
        for (Volume volume : spec.getVolumes()) {
            Path folder = Files.createDirectories(dir.resolve(volume.getName()));
            if (volume.getEmptyDir() != null) {
                // As a kubelet makes an emptyDir: writable by whatever user the containers run as.
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
            } else if (volume.getConfigMap() != null) {
                ConfigMap configMap = api.configMaps().inNamespace(namespace).withName(volume.getConfigMap().getName()).get();
                if (configMap == null && !Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
                    throw new IOException("ConfigMap " + volume.getConfigMap().getName() + " does not exist");
                }
                if (configMap != null && configMap.getData() != null) {
                    for (var entry : configMap.getData().entrySet()) {
                        Path file = Files.writeString(folder.resolve(entry.getKey()), entry.getValue());
                        setMode(file, volume.getConfigMap().getDefaultMode(), spec);
                    }
                }
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            } else if (volume.getSecret() != null) {
                Secret secret = api.secrets().inNamespace(namespace).withName(volume.getSecret().getSecretName()).get();
                if (secret == null) {
                    throw new IOException("Secret " + volume.getSecret().getSecretName() + " does not exist");
                }
                for (var entry : secret.getData().entrySet()) {
                    Path file = folder.resolve(entry.getKey());
                    Files.write(file, Base64.getDecoder().decode(entry.getValue()));
                    setMode(file, volume.getSecret().getDefaultMode(), spec);
                }
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            } else {
                throw new IOException("volume " + volume.getName() + " is of a kind this stand-in does not make");
            }
            folders.put(volume.getName(), folder);
        }
        return folders;
    }

    /**
     * As the kubelet: the volume's defaultMode (0644 when unset), and with the pod's fsGroup the file belongs to that
     * group and is group-readable, so that a non-root user reads a Secret of mode 0400.
     */
    private static void setMode(Path file, Integer defaultMode, PodSpec spec) throws IOException {
        int mode = defaultMode == null ? 0644 : defaultMode;
        Long fsGroup = spec.getSecurityContext() == null ? null : spec.getSecurityContext().getFsGroup();
        if (fsGroup != null) {
            Files.setAttribute(file, "unix:gid", fsGroup.intValue());
            mode |= 0440;
        }
        Files.setAttribute(file, "unix:mode", mode);
    }

    private List<String> runArguments(Container container, PodSpec spec, Map<String, Path> volumes, String namespace,
            KubernetesClient api, int apiPort, String version, boolean detached) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--name", containerName(container)));
        args.add(detached ? "-d" : "--rm");
        args.addAll(engine.runLimitOptions());
        args.addAll(List.of("--network", "slirp4netns:allow_host_loopback=true"));
        for (ContainerPort port : container.getPorts()) {
            args.addAll(List.of("-p", "127.0.0.1::" + port.getContainerPort()));
        }
        Map<String, String> env = environment(container, namespace, podName, api);
        env.put("KUBERNETES_MASTER", "http://" + HOST_LOOPBACK + ":" + apiPort);
        env.forEach((name, value) -> args.addAll(List.of("-e", name + "=" + value)));
        for (VolumeMount mount : container.getVolumeMounts()) {
            Path folder = volumes.get(mount.getName());
            if (folder == null) {
                throw new IOException("container " + container.getName() + " mounts volume " + mount.getName()
                        + ", which the pod does not have");
            }
            boolean readOnly = Boolean.TRUE.equals(mount.getReadOnly()) || isReadOnlyVolume(spec, mount.getName());
            args.addAll(List.of("-v", folder + ":" + mount.getMountPath() + (readOnly ? ":ro" : "")));
        }
        args.addAll(securityOptions(container.getSecurityContext(), spec.getSecurityContext(), imageOf(container, version)));
        Quantity memory = container.getResources() == null || container.getResources().getLimits() == null ? null
                : container.getResources().getLimits().get("memory");
        if (memory != null) {
            args.addAll(List.of("--memory", Quantity.getAmountInBytes(memory).toBigInteger() + "b"));
        }
        if (container.getCommand() != null && !container.getCommand().isEmpty()) {
            args.addAll(List.of("--entrypoint", api.getKubernetesSerialization().asJson(container.getCommand())));
        }
        args.add(imageOf(container, version));
        if (container.getArgs() != null) {
            args.addAll(container.getArgs());
        }
        runArguments.put(container.getName(), List.copyOf(args));
        return args;
    }

    private static boolean isReadOnlyVolume(PodSpec spec, String name) {
        return spec.getVolumes().stream().anyMatch(v -> v.getName().equals(name)
                && (v.getConfigMap() != null || v.getSecret() != null));
    }

    private static Map<String, String> environment(Container container, String namespace, String podName,
            KubernetesClient api) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            if (from.getConfigMapRef() == null) {
                throw new IOException("envFrom other than a ConfigMap is not made here");
            }
            ConfigMap configMap = api.configMaps().inNamespace(namespace).withName(from.getConfigMapRef().getName()).get();
            if (configMap == null) {
                throw new IOException("ConfigMap " + from.getConfigMapRef().getName() + " (envFrom) does not exist");
            }
            env.putAll(configMap.getData());
        }
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            } else if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
                String field = var.getValueFrom().getFieldRef().getFieldPath();
                env.put(var.getName(), switch (field) {
                    case "metadata.namespace" -> namespace;
                    case "metadata.name" -> podName;
                    default -> throw new IOException("fieldRef " + field + " is not made here");
                });
            } else {
                throw new IOException("env " + var.getName() + " has a source this stand-in does not read");
            }
        }
        return env;
    }

    /** As the kubelet: runAsNonRoot refuses an image whose user is root or not numeric, unless runAsUser is set. */
    private List<String> securityOptions(SecurityContext container, PodSecurityContext pod, String image) throws IOException {
        List<String> args = new ArrayList<>();
        Long user = container != null && container.getRunAsUser() != null ? container.getRunAsUser()
                : pod != null ? pod.getRunAsUser() : null;
        boolean nonRoot = Boolean.TRUE.equals(container != null ? container.getRunAsNonRoot() : null)
                || Boolean.TRUE.equals(pod != null ? pod.getRunAsNonRoot() : null);
        if (user != null) {
            args.addAll(List.of("--user", String.valueOf(user)));
        } else if (nonRoot) {
            String imageUser = engine.run(List.of("image", "inspect", "--format", "{{.Config.User}}", image), ENGINE_TIMEOUT)
                    .stdout().strip();
            String uid = imageUser.contains(":") ? imageUser.substring(0, imageUser.indexOf(':')) : imageUser;
            if (!uid.matches("\\d+") || Long.parseLong(uid) == 0) {
                throw new IOException("runAsNonRoot, but image " + image + " runs as '" + imageUser
                        + "' (a kubelet refuses a user that is not a non-zero number)");
            }
        }
        if (container != null) {
            if (Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
                // No tmpfs of podman's own on /tmp, /run, /var/tmp: only the manifest's volumes are writable.
                args.addAll(List.of("--read-only", "--read-only-tmpfs=false"));
            }
            if (Boolean.FALSE.equals(container.getAllowPrivilegeEscalation())) {
                args.addAll(List.of("--security-opt", "no-new-privileges"));
            }
            if (container.getCapabilities() != null) {
                container.getCapabilities().getDrop().forEach(cap -> args.addAll(List.of("--cap-drop", cap)));
            }
        }
        return args;
    }

    /** {@code ghcr.io/edgefed/edgefed-am:0.1.0} (or pinned by digest) is {@code localhost/edgefed-am:<version>}. */
    static String imageOf(Container container, String version) {
        String name = container.getImage().replaceAll("[@:][^/]*$", "");
        return "localhost/" + name.substring(name.lastIndexOf('/') + 1) + ":" + version;
    }

    private String containerName(Container container) {
        return podName + "-" + container.getName();
    }

    private Map<Integer, Integer> publishedPorts(Container container) throws IOException {
        Map<Integer, Integer> ports = new HashMap<>();
        for (ContainerPort port : container.getPorts()) {
            ContainerEngine.Result result = engine.run(List.of("port", containerName(container),
                    port.getContainerPort() + "/tcp"), ENGINE_TIMEOUT);
            String mapping = result.stdout().strip();
            if (!result.succeeded() || !mapping.contains(":")) {
                throw new IOException("podman port " + containerName(container) + " said " + mapping + result.stderr());
            }
            ports.put(port.getContainerPort(), Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1).strip()));
        }
        return ports;
    }

    /** The loopback port on which a container port (a number, or a port's name in the manifest) is published. */
    int hostPort(Container container, IntOrString port) {
        int containerPort = port.getIntVal() != null ? port.getIntVal()
                : container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                        .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + port.getStrVal()))
                        .getContainerPort();
        Integer host = hostPorts.getOrDefault(container.getName(), Map.of()).get(containerPort);
        if (host == null) {
            throw new AssertionError(container.getName() + " does not publish port " + containerPort);
        }
        return host;
    }

    /** The engine's run command for a container, as started. */
    List<String> runArguments(String container) {
        return runArguments.getOrDefault(container, List.of());
    }

    /** What a container printed so far. */
    String logs(Container container) throws IOException {
        ContainerEngine.Result result = engine.run(List.of("logs", containerName(container)), ENGINE_TIMEOUT);
        return result.stdout() + result.stderr();
    }

    /** {@code podman inspect} of the running container, one Go template. */
    String inspect(Container container, String format) throws IOException {
        return engine.run(List.of("inspect", "--format", format, containerName(container)), ENGINE_TIMEOUT).stdout().strip();
    }

    boolean isRunning(Container container) throws IOException {
        return "true".equals(inspect(container, "{{.State.Running}}"));
    }

    @Override
    public void close() throws IOException {
        for (String container : running) {
            engine.run(List.of("rm", "-f", "-t", "5", container), ENGINE_TIMEOUT);
        }
        running.clear();
    }
}
