package dev.lablink.core.provider;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Launches a batch one machine per call, at most {@code parallelism} calls at a time (clouds rate
 * limit their APIs), reporting each machine as soon as its call returns. Returns when all are done.
 */
public final class ParallelLaunches {
    private ParallelLaunches() {
    }

    /** @param launch makes one machine or throws a {@link ProviderException} that says why not */
    public static void run(List<MachineSpec> batch, int parallelism, Function<MachineSpec, ProvisionedMachine> launch, CreationListener listener) {
        Semaphore slots = new Semaphore(parallelism);
        try (ExecutorService launchers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> launches = batch.stream().<Future<?>>map(spec -> launchers.submit(() -> {
                slots.acquireUninterruptibly();
                try {
                    listener.created(launch.apply(spec));
                } catch (ProviderException e) {
                    listener.failed(spec.name(), e);
                } finally {
                    slots.release();
                }
            })).toList();
            for (Future<?> each : launches) {
                each.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new ProviderException("launching failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
