package dev.lablink.server.console;

import dev.lablink.server.admins.Callers;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Tells every console page whether the signed-in account may change things ({@code canChange}),
 * so pages hide buttons a viewer could not use; the security chain refuses such posts regardless.
 */
@ControllerAdvice(basePackageClasses = ConsoleRoles.class)
class ConsoleRoles {
    @ModelAttribute("canChange")
    boolean canChange(Authentication caller) {
        return Callers.isAdmin(caller);
    }
}
