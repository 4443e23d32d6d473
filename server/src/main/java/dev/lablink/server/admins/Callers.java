package dev.lablink.server.admins;

import org.springframework.security.core.Authentication;

/** Who is calling, as the security chains authenticated them. */
public final class Callers {
    private Callers() {
    }

    public static boolean isAdmin(Authentication caller) {
        return caller != null && caller.getAuthorities().stream().anyMatch(a -> Role.ADMIN.authority().equals(a.getAuthority()));
    }

    /** The actor written into events. */
    public static String actor(Authentication caller) {
        return "admin:" + caller.getName();
    }
}
