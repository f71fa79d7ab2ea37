package io.github.approvalgate.startup;

import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.runtime.PreloadClassesRecorder;
import io.quarkus.runtime.StartupEvent;

/**
 * Moves the first invocation's work into init, only where init is kept ({@link InitializationType#keepsInit()}):
 * preloads the classes the invocations load (Quarkus's preload lists, loaded without running their static
 * initialisers), builds the SDK clients, runs the SDK's request pipeline against loopback answers in the process and
 * sends a probe to the selected handler. On an on-demand start it does nothing, so the first answer waits only for
 * what it uses.
 */
@ApplicationScoped
public class StartupPriming {

    private static final Logger LOG = Logger.getLogger(StartupPriming.class);

    /** What init did: how Lambda initialised the environment, and how long priming took when it ran. */
    public record Run(InitializationType type, Optional<Duration> primedIn) {
    }

    private final EagerSdkClients clients;
    private final SdkCallPriming sdkCalls;
    private final HandlerPriming handler;
    private volatile Run run;

    StartupPriming(EagerSdkClients clients, SdkCallPriming sdkCalls, HandlerPriming handler) {
        this.clients = clients;
        this.sdkCalls = sdkCalls;
        this.handler = handler;
    }

    /**
     * After every other start-up observer, so the probe finds the application as its first request will. The type is
     * read from the configuration directly: a {@code @ConfigProperty} parameter here would make every start, on-demand
     * ones included, load and initialise CDI's configuration producer and its interceptor for this one value.
     */
    void prime(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) StartupEvent startup) {
        InitializationType type = InitializationType.of(
                ConfigProvider.getConfig().getOptionalValue(InitializationType.PROPERTY, String.class));
        if (!type.keepsInit()) {
            run = new Run(type, Optional.empty());
            LOG.debugf("init: %s start, no priming", type.value());
            return;
        }
        long started = System.nanoTime();
        // Load, do not initialise: running static initialisers in list order, out of the order the code needs them,
        // left an SDK marshaller registry half-built (PutObject then failed with a NullPointerException). The passes
        // below initialise what our own request path needs, in the order it needs it.
        PreloadClassesRecorder.preloadClasses(false);
        clients.build();
        sdkCalls.prime();
        handler.prime();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        run = new Run(type, Optional.of(took));
        LOG.infof("init: %s start, primed in %d ms", type.value(), took.toMillis());
    }

    /** What this start did; empty before the start-up event. */
    public Optional<Run> run() {
        return Optional.ofNullable(run);
    }
}
