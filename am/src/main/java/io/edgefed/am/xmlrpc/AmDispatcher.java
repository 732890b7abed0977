package io.edgefed.am.xmlrpc;

import io.edgefed.am.call.AmArguments;
import io.edgefed.am.call.AmCall;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.edgefed.am.metrics.CallMetrics;
import io.edgefed.am.method.AmMethod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.xmlrpc.XmlRpcHandler;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.server.XmlRpcHandlerMapping;
import org.jboss.logging.Logger;

/**
 * Maps GENI method names (no {@code handler.} prefix) to the {@link AmMethod}s and turns every outcome into a GENI
 * return struct: a refused caller, a GENI error, an unknown method, and any unexpected failure, which is logged with
 * a reference the reply quotes instead of a stack trace.
 */
@ApplicationScoped
public class AmDispatcher implements XmlRpcHandlerMapping {

    private static final Logger LOG = Logger.getLogger(AmDispatcher.class);

    private final Map<String, XmlRpcHandler> handlers = new HashMap<>();
    private final TreeSet<String> names = new TreeSet<>();
    private final CallMetrics metrics;

    AmDispatcher(Instance<AmMethod> methods, CallMetrics metrics) {
        this.metrics = metrics;
        for (AmMethod method : methods) {
            handlers.put(method.name(), request -> dispatch(method, request));
            names.add(method.name());
        }
    }

    @Override
    public XmlRpcHandler getHandler(String name) {
        XmlRpcHandler handler = handlers.get(name);
        if (handler != null) {
            return handler;
        }
        return request -> {
            metrics.answered(CallMetrics.OTHER_METHOD, GeniCode.UNSUPPORTED, Duration.ZERO);
            return GeniReply.error(GeniCode.UNSUPPORTED,
                    "no method '" + name + "' at this aggregate; AM API v3 offers " + names);
        };
    }

    private Object dispatch(AmMethod method, XmlRpcRequest request) {
        long start = System.nanoTime();
        AmRequestConfig config = (AmRequestConfig) request.getConfig();
        if (config.refusal() != null) {
            metrics.callerRefused(method.name(), config.refusal().code(), Duration.ofNanos(System.nanoTime() - start));
            return GeniReply.error(config.refusal());
        }
        Object reply = answer(method, request, config);
        metrics.answered(method.name(), CallMetrics.codeOf(reply), Duration.ofNanos(System.nanoTime() - start));
        return reply;
    }

    private Object answer(AmMethod method, XmlRpcRequest request, AmRequestConfig config) {
        Object[] params = new Object[request.getParameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = request.getParameter(i);
        }
        try {
            return method.call(new AmCall(config.caller(), new AmArguments(method.name(), params), config.now()));
        } catch (GeniException e) {
            LOG.debugf("%s by %s: %s %s", method.name(), config.caller().urn(), e.code(), e.getMessage());
            return GeniReply.error(e);
        } catch (KubernetesClientException e) {
            String ref = UUID.randomUUID().toString();
            LOG.warnf(e, "%s failed talking to the Kubernetes API (reference %s)", method.name(), ref);
            return GeniReply.error(GeniCode.DBERROR, "the cluster's API server could not be reached; try again later (reference " + ref + ")");
        } catch (RuntimeException e) {
            String ref = UUID.randomUUID().toString();
            LOG.errorf(e, "%s failed unexpectedly (reference %s)", method.name(), ref);
            return GeniReply.error(GeniCode.SERVERERROR, "internal error; tell the testbed's operators reference " + ref);
        }
    }
}
