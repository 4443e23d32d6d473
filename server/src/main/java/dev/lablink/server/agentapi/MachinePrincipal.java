package dev.lablink.server.agentapi;

/** The machine an agent call was authenticated as. */
public record MachinePrincipal(long machineId, String name) {
}
