package dev.lablink.agent;

import java.io.IOException;
import java.time.Duration;

/**
 * Samples the GPUs every {@code telemetry.gpu_sample_seconds} and reports each reading. A machine
 * without nvidia-smi reports "no GPU" once and stops sampling: that is not an error.
 */
class GpuSampler {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final AllocatorClient client;
    private final NvidiaSmi nvidiaSmi;
    private volatile Duration interval = DEFAULT_INTERVAL;
    private volatile boolean running = true;
    private boolean failing;
    private Thread thread;

    GpuSampler(AllocatorClient client, String nvidiaSmiCommand) {
        this.client = client;
        this.nvidiaSmi = new NvidiaSmi(nvidiaSmiCommand);
    }

    void setInterval(Duration interval) {
        this.interval = interval;
    }

    synchronized void startOnce() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("lablink-gpu").start(this::run);
        }
    }

    private void run() {
        while (running) {
            try {
                NvidiaSmi.Reading reading = nvidiaSmi.read();
                client.reportGpus(reading.toJson());
                failing = false;
                if ("no_gpu".equals(reading.status())) {
                    Agent.log("no nvidia-smi on this machine: reporting no GPU and not sampling");
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!failing) {
                    Agent.log("could not report GPU readings (" + e.getMessage() + "); trying again");
                    failing = true;
                }
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
