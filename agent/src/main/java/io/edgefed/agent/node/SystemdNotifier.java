package io.edgefed.agent.node;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * Notifies systemd ({@code Type=notify}, {@code WatchdogSec=}) through the {@code systemd-notify} tool.
 * <p>
 * Why a tool and not a socket: {@code NOTIFY_SOCKET} is a UNIX <em>datagram</em> socket, and the JDK (17 and later)
 * offers UNIX-domain sockets only as stream channels; JNI or JNA would break the native-image build's simplicity.
 * Because the message then comes from a child process, the unit needs {@code NotifyAccess=all}; the agent also
 * passes {@code --pid=<its own pid>} so systemd attributes the message to the main process where it can.
 */
public class SystemdNotifier {

    private static final Logger LOG = Logger.getLogger(SystemdNotifier.class);

    private final Optional<String> socket;
    private final Commands commands;

    public SystemdNotifier(Optional<String> socket, Commands commands) {
        this.socket = socket.filter(s -> !s.isBlank());
        this.commands = commands;
    }

    /** Built from the environment systemd gives a service. */
    public static SystemdNotifier fromEnvironment(Commands commands) {
        return new SystemdNotifier(Optional.ofNullable(System.getenv("NOTIFY_SOCKET")), commands);
    }

    public boolean enabled() {
        return socket.isPresent();
    }

    /**
     * Half of {@code WATCHDOG_USEC} in milliseconds when systemd asks this process for watchdog pings, else empty.
     */
    public static Optional<Long> watchdogPingMillis() {
        String usec = System.getenv("WATCHDOG_USEC");
        String pid = System.getenv("WATCHDOG_PID");
        if (usec == null || usec.isBlank()) {
            return Optional.empty();
        }
        if (pid != null && !pid.isBlank() && !pid.trim().equals(Long.toString(ProcessHandle.current().pid()))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Math.max(1L, Long.parseLong(usec.trim()) / 2000));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void ready(String status) {
        send(List.of("READY=1", "STATUS=" + status));
    }

    public void watchdog() {
        send(List.of("WATCHDOG=1"));
    }

    public void stopping() {
        send(List.of("STOPPING=1"));
    }

    /** The command line for these assignments (visible for tests). */
    List<String> commandLine(List<String> assignments) {
        List<String> command = new java.util.ArrayList<>();
        command.add("systemd-notify");
        command.add("--pid=" + ProcessHandle.current().pid());
        command.addAll(assignments);
        return command;
    }

    private void send(List<String> assignments) {
        if (socket.isEmpty()) {
            return;
        }
        try {
            Commands.Result result = commands.run(commandLine(assignments));
            if (!result.ok()) {
                LOG.warnf("systemd-notify %s failed: %s", assignments, result.output().trim());
            }
        } catch (IOException e) {
            LOG.warnf("systemd-notify %s failed: %s (is systemd-notify installed?)", assignments, e.getMessage());
        }
    }
}
