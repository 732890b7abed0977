package io.edgefed.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.edgefed.containers.ConfigMapVolume;
import io.edgefed.containers.ContainerEngine;
import io.edgefed.containers.PodRunOptions;
import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * The kubelet's container part, for real: runs each scheduled pod's first container with the engine, with the pod's
 * settings ({@link PodRunOptions}), its ConfigMap volumes kept current in a folder under the testbed's directory, and
 * its TCP-probed port published on 127.0.0.1 at the NodePort of the Service that selects it. It reports the pod from
 * the container's real state: Running once started, Ready once the probed port greets; a container that cannot start
 * waits with the kubelet's reason ({@code ErrImageNeverPull}, {@code RunContainerError}), one that exits is restarted
 * with back-off and waits in {@code CrashLoopBackOff} meanwhile, each with its event. A pod's removal removes its
 * container.
 * <p>
 * Every container carries labels: the sliver's name and uid, the pod, the testbed's directory and this process's id.
 * At start, containers of this testbed directory whose process is gone (a testbed killed with -9) are removed; on
 * close, this process's containers are.
 */
final class PodContainers implements ResourceEventHandler<Pod>, AutoCloseable {

    static final String DIR_LABEL = "io.edgefed.embedded.dir";
    static final String PROCESS_LABEL = "io.edgefed.embedded.pid";
    static final String SLIVER_LABEL = "io.edgefed.sliver";
    static final String SLIVER_UID_LABEL = "io.edgefed.sliver-uid";
    static final String POD_LABEL = "io.edgefed.pod";

    private static final Logger LOG = Logger.getLogger(PodContainers.class.getName());
    private static final Duration ENGINE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration SERVICE_WAIT = Duration.ofSeconds(30);
    private static final long FIRST_BACK_OFF_SECONDS = 10;
    private static final long MAX_BACK_OFF_SECONDS = 300;
    private static final String PUBLISHED_ON = "127.0.0.1";

    private final KubernetesClient client;
    private final ContainerEngine engine;
    private final Path volumes;
    private final String dirLabel;
    private final PodEvents events;
    private final Consumer<Pod> statusChanged;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    /** One thread: engine commands for one pod happen in the order asked (a restart removes before it runs again). */
    private final java.util.concurrent.ScheduledThreadPoolExecutor work = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
            r -> {
                Thread thread = new Thread(r, "pod-containers");
                thread.setDaemon(true);
                return thread;
            });
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<ConfigMap> configMaps;
    /** Set on close: queued work returns at once, and the engine command under way finishes uninterrupted. */
    private volatile boolean closing;

    /** A pod this kubelet runs: its container, where its probe is published, how often it restarted. */
    private static final class Tracked {
        final String podKey;
        final String container;
        final Path volumeDir;
        Integer probePort;
        boolean running;
        boolean ready;
        int restarts;
        Instant restartAt;

        Tracked(String podKey, String container, Path volumeDir) {
            this.podKey = podKey;
            this.container = container;
            this.volumeDir = volumeDir;
        }
    }

    /**
     * @param stateDir      the testbed's directory: volumes go under it, and containers are labelled with it
     * @param statusChanged told after each pod status write, so that the Deployment's status follows
     */
    PodContainers(KubernetesClient client, ContainerEngine engine, Path stateDir, Consumer<Pod> statusChanged) {
        this.client = client;
        this.engine = engine;
        this.volumes = stateDir.resolve("pods");
        this.dirLabel = stateDir.toAbsolutePath().normalize().toString();
        this.events = new PodEvents(client);
        this.statusChanged = statusChanged;
    }

    /** Removes what an earlier run of this testbed left, then watches pods and ConfigMaps. */
    void start() {
        removeOrphans();
        pods = client.pods().inAnyNamespace().inform(this, 0);
        configMaps = client.configMaps().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap map) {
            }

            @Override
            public void onUpdate(ConfigMap before, ConfigMap map) {
                work.submit(() -> refreshVolumes(map));
            }

            @Override
            public void onDelete(ConfigMap map, boolean unknownFinalState) {
            }
        }, 0);
        work.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        work.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        work.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the container of a pod just scheduled by {@code deployment}'s stand-in controller. */
    void run(Pod pod, Deployment deployment) {
        work.submit(() -> startContainer(pod, deployment, Instant.now().plus(SERVICE_WAIT)));
    }

    /** Removes the pod's container (the pod is being deleted). */
    void remove(Pod pod) {
        work.submit(() -> removeContainer(key(pod)));
    }

    @Override
    public void onAdd(Pod pod) {
    }

    @Override
    public void onUpdate(Pod before, Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            remove(pod);
        }
    }

    @Override
    public void onDelete(Pod pod, boolean unknownFinalState) {
        remove(pod);
    }

    private void startContainer(Pod pod, Deployment deployment, Instant serviceDeadline) {
        if (closing) {
            return;
        }
        String key = key(pod);
        if (client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get() == null) {
            return;
        }
        Optional<Integer> probePort = PodRunOptions.tcpReadinessPort(pod.getSpec());
        Optional<Integer> nodePort = probePort.flatMap(port -> nodePort(pod, port));
        if (probePort.isPresent() && nodePort.isEmpty() && Instant.now().isBefore(serviceDeadline)) {
            // The operator makes the Service beside the Deployment; its NodePort comes a moment later.
            work.schedule(() -> startContainer(pod, deployment, serviceDeadline), 250, TimeUnit.MILLISECONDS);
            return;
        }
        String container = containerName(pod);
        Tracked entry = new Tracked(key, container, volumes.resolve(pod.getMetadata().getUid()));
        tracked.put(key, entry);
        try {
            Map<String, Path> volumeDirs = writeVolumes(pod, entry.volumeDir);
            String image = pod.getSpec().getContainers().get(0).getImage();
            if (!engine.run(List.of("image", "inspect", "--format", "{{.Id}}", image), ENGINE_TIMEOUT).succeeded()) {
                String message = "Container image \"" + image + "\" is not present with pull policy of Never"
                        + " (the embedded testbed pulls nothing; it builds only images/sliver-ubuntu)";
                events.record(pod, "Warning", "ErrImageNeverPull", message);
                writeStatus(pod, waiting("ErrImageNeverPull", message, 0, null), false, false);
                return;
            }
            List<PodRunOptions.PublishedPort> published = new ArrayList<>();
            if (nodePort.isPresent()) {
                published.add(new PodRunOptions.PublishedPort(PUBLISHED_ON, nodePort.get(), probePort.get()));
                entry.probePort = nodePort.get();
            }
            PodRunOptions options = PodRunOptions.of(pod.getSpec(), new PodRunOptions.Host(container,
                    pod.getMetadata().getName(), labels(pod, deployment), volumeDirs, published), engine.limits());
            options.notApplied().forEach(what -> LOG.fine(() -> pod.getMetadata().getName() + ": not applied: " + what));
            engine.run(List.of("rm", "--force", "--time", "0", container), ENGINE_TIMEOUT);
            ContainerEngine.Result run = engine.run(options.arguments(), ENGINE_TIMEOUT);
            if (!run.succeeded()) {
                events.record(pod, "Warning", "Failed", "Error: " + run.reason());
                writeStatus(pod, waiting("RunContainerError", run.reason(), 0, null), false, false);
                return;
            }
            entry.running = true;
            events.recordContainerStart(pod);
            writeStatus(pod, runningStatus(0), true, false);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not start the container of pod " + key, e);
            events.record(pod, "Warning", "Failed", "Error: " + e.getMessage());
            writeStatus(pod, waiting("CreateContainerError", String.valueOf(e.getMessage()), 0, null), false, false);
        }
    }

    /** Each poll: readiness of started containers, exits and restarts, all from one listing of the engine. */
    private void poll() {
        if (closing || tracked.isEmpty()) {
            return;
        }
        try {
            Map<String, String[]> states = listContainers(List.of("--filter", "label=" + PROCESS_LABEL + "="
                    + ProcessHandle.current().pid()));
            for (Tracked entry : List.copyOf(tracked.values())) {
                Pod pod = podOf(entry.podKey);
                if (pod == null) {
                    removeContainer(entry.podKey);
                    continue;
                }
                String[] state = states.get(entry.container);
                if (entry.restartAt != null) {
                    if (Instant.now().isAfter(entry.restartAt)) {
                        restart(pod, entry);
                    }
                } else if (entry.running && (state == null || !"running".equals(state[1]))) {
                    exited(pod, entry, state == null ? "the container is gone" : "exit code " + state[2]);
                } else if (entry.running && !entry.ready && entry.probePort != null && greets(entry.probePort)) {
                    entry.ready = true;
                    writeStatus(pod, runningStatus(entry.restarts), true, true);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "polling the containers failed", e);
        }
    }

    private void exited(Pod pod, Tracked entry, String how) throws IOException {
        entry.running = false;
        entry.ready = false;
        entry.restarts++;
        long backOff = Math.min(MAX_BACK_OFF_SECONDS, FIRST_BACK_OFF_SECONDS << Math.min(entry.restarts - 1, 5));
        entry.restartAt = Instant.now().plusSeconds(backOff);
        String output = lastOutput(entry.container);
        String message = "back-off " + backOff + "s restarting failed container=" + pod.getSpec().getContainers().get(0).getName()
                + " pod=" + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + ": it stopped ("
                + how + ")" + (output.isEmpty() ? "" : "; its last output: " + output);
        events.record(pod, "Warning", "BackOff", "Back-off restarting failed container: " + how
                + (output.isEmpty() ? "" : "; last output: " + output));
        writeStatus(pod, waiting("CrashLoopBackOff", message, entry.restarts, how), false, false);
    }

    private void restart(Pod pod, Tracked entry) throws IOException {
        entry.restartAt = null;
        ContainerEngine.Result start = engine.run(List.of("start", entry.container), ENGINE_TIMEOUT);
        if (!start.succeeded()) {
            exited(pod, entry, "it could not be started again: " + start.reason());
            return;
        }
        entry.running = true;
        events.recordContainerStart(pod);
        writeStatus(pod, runningStatus(entry.restarts), true, false);
    }

    private void removeContainer(String podKey) {
        Tracked entry = tracked.remove(podKey);
        if (entry == null || closing) {
            return;
        }
        try {
            ContainerEngine.Result removed = engine.run(List.of("rm", "--force", "--time", "0", entry.container),
                    ENGINE_TIMEOUT);
            // A container that never started (ErrImageNeverPull) is no failure to remove.
            if (!removed.succeeded() && !removed.stderr().toLowerCase(java.util.Locale.ROOT).contains("no such container")) {
                LOG.warning("could not remove container " + entry.container + ": " + removed.reason());
            }
            deleteRecursively(entry.volumeDir);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not remove container " + entry.container, e);
        }
    }

    /** Containers of this testbed directory whose process has gone: left by a run that was killed. */
    private void removeOrphans() {
        try {
            Map<String, String[]> mine = listContainers(List.of("--filter", "label=" + DIR_LABEL + "=" + dirLabel));
            List<String> orphans = mine.values().stream().filter(c -> !alive(c[3])).map(c -> c[0]).toList();
            if (!orphans.isEmpty()) {
                List<String> rm = new ArrayList<>(List.of("rm", "--force", "--time", "0"));
                rm.addAll(orphans);
                ContainerEngine.Result removed = engine.run(rm, ENGINE_TIMEOUT);
                LOG.warning("removed " + orphans.size() + " container(s) an earlier run left: " + orphans
                        + (removed.succeeded() ? "" : " (" + removed.reason() + ")"));
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not look for containers an earlier run left", e);
        }
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** name → {name, state, exit code, pid label}, for the containers that match the filters. */
    private Map<String, String[]> listContainers(List<String> filters) throws IOException {
        List<String> args = new ArrayList<>(List.of("ps", "--all"));
        args.addAll(filters);
        args.addAll(List.of("--format", "json"));
        ContainerEngine.Result listed = engine.run(args, ENGINE_TIMEOUT);
        if (!listed.succeeded()) {
            throw new IOException(engine.name() + " ps failed: " + listed.reason());
        }
        Map<String, String[]> byName = new HashMap<>();
        for (JsonNode container : EngineListing.containers(listed.stdout())) {
            String name = EngineListing.name(container);
            byName.put(name, new String[] { name, container.path("State").asText("").toLowerCase(java.util.Locale.ROOT),
                    container.path("ExitCode").asText("?"), EngineListing.label(container, PROCESS_LABEL) });
        }
        return byName;
    }

    private String lastOutput(String container) throws IOException {
        ContainerEngine.Result logs = engine.run(List.of("logs", "--tail", "3", container), ENGINE_TIMEOUT);
        String text = (logs.stdout() + "\n" + logs.stderr()).strip();
        return Stream.of(text.split("\n")).map(String::strip).filter(line -> !line.isEmpty())
                .reduce((first, second) -> second).orElse("");
    }

    /** Whether an SSH (or any) server greets on the port: the readiness probe, stricter than a bare connect. */
    private static boolean greets(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(PUBLISHED_ON, port), 500);
            socket.setSoTimeout(1000);
            InputStream in = socket.getInputStream();
            return in.read() != -1;
        } catch (IOException notYet) {
            return false;
        }
    }

    private Map<String, Path> writeVolumes(Pod pod, Path podDir) throws IOException {
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (Volume volume : Objects.requireNonNullElse(pod.getSpec().getVolumes(), List.<Volume>of())) {
            if (volume.getConfigMap() == null) {
                continue;
            }
            ConfigMap map = client.configMaps().inNamespace(pod.getMetadata().getNamespace())
                    .withName(volume.getConfigMap().getName()).get();
            if (map == null) {
                throw new IOException("configmap \"" + volume.getConfigMap().getName() + "\" not found");
            }
            Path dir = podDir.resolve(volume.getName());
            ConfigMapVolume.write(map, volume.getConfigMap(), dir);
            dirs.put(volume.getName(), dir);
        }
        return dirs;
    }

    /** New keys reach running containers in place, as a kubelet swaps a ConfigMap volume's files. */
    private void refreshVolumes(ConfigMap map) {
        for (Tracked entry : List.copyOf(tracked.values())) {
            Pod pod = podOf(entry.podKey);
            if (pod == null || !pod.getMetadata().getNamespace().equals(map.getMetadata().getNamespace())) {
                continue;
            }
            for (Volume volume : Objects.requireNonNullElse(pod.getSpec().getVolumes(), List.<Volume>of())) {
                if (volume.getConfigMap() != null && map.getMetadata().getName().equals(volume.getConfigMap().getName())) {
                    try {
                        ConfigMapVolume.write(map, volume.getConfigMap(), entry.volumeDir.resolve(volume.getName()));
                    } catch (IOException e) {
                        LOG.log(Level.WARNING, "could not update volume " + volume.getName() + " of " + entry.podKey, e);
                    }
                }
            }
        }
    }

    /** The NodePort of a NodePort Service in the pod's namespace that selects the pod and targets {@code port}. */
    private Optional<Integer> nodePort(Pod pod, int port) {
        Map<String, String> labels = Objects.requireNonNullElse(pod.getMetadata().getLabels(), Map.of());
        return client.services().inNamespace(pod.getMetadata().getNamespace()).list().getItems().stream()
                .filter(service -> "NodePort".equals(service.getSpec().getType()))
                .filter(service -> service.getSpec().getSelector() != null && !service.getSpec().getSelector().isEmpty()
                        && labels.entrySet().containsAll(service.getSpec().getSelector().entrySet()))
                .sorted(Comparator.comparing((Service service) -> service.getMetadata().getName()))
                .flatMap(service -> service.getSpec().getPorts().stream())
                .filter(servicePort -> servicePort.getNodePort() != null && targets(servicePort, port))
                .map(ServicePort::getNodePort).findFirst();
    }

    private static boolean targets(ServicePort servicePort, int port) {
        var target = servicePort.getTargetPort();
        if (target == null) {
            return Objects.equals(servicePort.getPort(), port);
        }
        return target.getIntVal() != null ? target.getIntVal() == port : "ssh".equals(target.getStrVal()) && port == 22;
    }

    private Map<String, String> labels(Pod pod, Deployment deployment) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(DIR_LABEL, dirLabel);
        labels.put(PROCESS_LABEL, String.valueOf(ProcessHandle.current().pid()));
        labels.put(POD_LABEL, key(pod));
        Optional<OwnerReference> sliver = Objects.requireNonNullElse(deployment.getMetadata().getOwnerReferences(),
                List.<OwnerReference>of()).stream().filter(owner -> "Sliver".equals(owner.getKind())).findFirst();
        sliver.ifPresent(owner -> {
            labels.put(SLIVER_LABEL, owner.getName());
            labels.put(SLIVER_UID_LABEL, owner.getUid());
        });
        return labels;
    }

    /** The engine's name for a pod's container: the pod's name (it begins with the sliver's). */
    static String containerName(Pod pod) {
        return "edgefed-" + pod.getMetadata().getNamespace() + "-" + pod.getMetadata().getName();
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private Pod podOf(String podKey) {
        String[] parts = podKey.split("/", 2);
        return client.pods().inNamespace(parts[0]).withName(parts[1]).get();
    }

    private static ContainerStatus waiting(String reason, String message, int restarts, String lastExit) {
        ContainerStatusBuilder status = new ContainerStatusBuilder().withReady(false).withStarted(false)
                .withRestartCount(restarts).withNewState().withNewWaiting().withReason(reason).withMessage(message)
                .endWaiting().endState();
        if (lastExit != null) {
            status.withNewLastState().withNewTerminated().withReason("Error").withMessage(lastExit).endTerminated()
                    .endLastState();
        }
        return status.build();
    }

    private static ContainerStatus runningStatus(int restarts) {
        return new ContainerStatusBuilder().withStarted(true).withRestartCount(restarts).withNewState().withNewRunning()
                .withStartedAt(Instant.now().toString()).endRunning().endState().build();
    }

    private void writeStatus(Pod pod, ContainerStatus container, boolean running, boolean ready) {
        var spec = pod.getSpec().getContainers().get(0);
        container.setName(spec.getName());
        container.setImage(spec.getImage());
        container.setReady(ready);
        String now = Instant.now().toString();
        try {
            Pod written = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .editStatus(current -> {
                        PodStatus status = current.getStatus();
                        status.setPhase(running || !"Pending".equals(status.getPhase()) ? "Running" : "Pending");
                        status.setContainerStatuses(List.of(container));
                        List<PodCondition> conditions = new ArrayList<>(status.getConditions().stream()
                                .filter(c -> !"Ready".equals(c.getType()) && !"ContainersReady".equals(c.getType()))
                                .toList());
                        for (String type : List.of("ContainersReady", "Ready")) {
                            conditions.add(new PodConditionBuilder().withType(type).withStatus(ready ? "True" : "False")
                                    .withReason(ready ? null : "ContainersNotReady")
                                    .withLastTransitionTime(now).build());
                        }
                        status.setConditions(conditions);
                        return current;
                    });
            statusChanged.accept(written);
        } catch (KubernetesClientException e) {
            LOG.log(Level.FINE, "could not write the status of pod " + pod.getMetadata().getName(), e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Removes every container this process started, and stops watching. */
    @Override
    public void close() {
        if (pods != null) {
            pods.close();
        }
        if (configMaps != null) {
            configMaps.close();
        }
        closing = true;
        work.shutdown();
        try {
            work.awaitTermination(ENGINE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        try {
            Map<String, String[]> mine = listContainers(List.of("--filter", "label=" + PROCESS_LABEL + "="
                    + ProcessHandle.current().pid()));
            if (!mine.isEmpty()) {
                List<String> rm = new ArrayList<>(List.of("rm", "--force", "--time", "0"));
                rm.addAll(mine.keySet());
                engine.run(rm, ENGINE_TIMEOUT);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not remove this testbed's containers", e);
        }
        tracked.clear();
    }
}
