package io.edgefed.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentThreadsTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger(AgentThreads.class.getName());

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    @Test
    void anErrorInATaskIsLoggedWithTheThreadNameAndTheThreadKeepsServing() throws Exception {
        ScheduledExecutorService executor = AgentThreads.singleDaemon("edgefed-test");
        try {
            executor.execute(() -> {
                throw new NoClassDefFoundError("io/fabric8/kubernetes/api/model/Missing");
            });
            CountDownLatch ranAfter = new CountDownLatch(1);
            executor.execute(ranAfter::countDown);
            assertThat(ranAfter.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(records).anySatisfy(record -> {
                assertThat(record.getMessage()).contains("edgefed-test");
                assertThat(record.getThrown()).isInstanceOf(NoClassDefFoundError.class);
            });
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aTaskThatSucceedsLogsNothing() throws Exception {
        ScheduledExecutorService executor = AgentThreads.singleDaemon("edgefed-test");
        try {
            executor.submit(() -> "fine").get(5, TimeUnit.SECONDS);
            executor.schedule(() -> { }, 1, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
            assertThat(records).isEmpty();
        } finally {
            executor.shutdownNow();
        }
    }
}
