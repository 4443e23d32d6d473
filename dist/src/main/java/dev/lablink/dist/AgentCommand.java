package dev.lablink.dist;

import dev.lablink.agent.AgentMain;
import picocli.CommandLine.Command;

/** {@code lablink agent}: the machine-side agent, configured by LABLINK_ALLOCATOR_URL and LABLINK_AGENT_TOKEN. */
@Command(name = "agent", description = "Run the machine agent (started by providers; configured by environment).",
        mixinStandardHelpOptions = true)
class AgentCommand implements Runnable {
    @Override
    public void run() {
        AgentMain.main(new String[0]);
    }
}
