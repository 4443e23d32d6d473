package dev.lablink.server.console;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.config.ParticipantsSettings;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.api.NotFoundException;
import dev.lablink.server.roster.RosterCsv;
import dev.lablink.server.roster.RosterImportException;
import dev.lablink.server.roster.RosterPerson;
import dev.lablink.server.roster.RosterService;
import dev.lablink.server.roster.RosterTooLargeException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The roster page: upload a CSV (every bad row listed by line), search, remove one person, export. */
@Controller
class RosterPageController {
    private static final int MAX_SHOWN_PROBLEMS = 200;

    private final RosterService roster;
    private final LabLinkConfig config;

    RosterPageController(RosterService roster, LabLinkConfig config) {
        this.roster = roster;
        this.config = config;
    }

    @GetMapping("/admin/roster")
    String page(@RequestParam(name = "q", required = false) String search, Model model) {
        addPage(model, search);
        return "console/roster";
    }

    @PostMapping("/admin/roster")
    String upload(@RequestParam(name = "file", required = false) MultipartFile file,
                  @RequestParam(name = "replace", defaultValue = "false") boolean replace,
                  Principal admin, Model model, RedirectAttributes redirect, HttpServletResponse response) throws IOException {
        try {
            if (file == null || file.isEmpty()) {
                throw new BadRequestException("file", "choose a CSV file to upload (email,name,group, one person per line)");
            }
            if (file.getSize() > RosterCsv.MAX_BYTES) {
                throw new RosterTooLargeException(file.getSize());
            }
            RosterService.ImportReport report = roster.importCsv(file.getBytes(), replace, "admin:" + admin.getName());
            redirect.addFlashAttribute("notice", (replace ? "Roster replaced: " : "Roster imported: ") + report.summary() + ".");
            return "redirect:/admin/roster";
        } catch (RosterImportException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("problem", "Nothing was imported: " + (e.problems().size() == 1 ? "1 row has a problem"
                    : e.problems().size() + " rows have problems") + ". Fix them and upload the file again.");
            model.addAttribute("rowProblems", e.problems().stream().limit(MAX_SHOWN_PROBLEMS).map(RosterImportException.RowProblem::text).toList());
            model.addAttribute("moreProblems", Math.max(0, e.problems().size() - MAX_SHOWN_PROBLEMS));
        } catch (BadRequestException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("problem", e.getMessage());
        } catch (RosterTooLargeException e) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            model.addAttribute("problem", e.getMessage());
        }
        model.addAttribute("problemField", "file");
        addPage(model, null);
        return "console/roster";
    }

    @PostMapping("/admin/roster/remove")
    String remove(@RequestParam(name = "email", required = false) String email, Principal admin, RedirectAttributes redirect) {
        try {
            roster.remove(email, "admin:" + admin.getName());
            redirect.addFlashAttribute("notice", email.trim() + " was taken off the roster.");
        } catch (BadRequestException | NotFoundException e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/admin/roster";
    }

    /** Typed out, like "destroy all" on the machines page: one click must not empty a workshop's roster. */
    static final String CLEAR_CONFIRMATION = "remove everyone";

    @PostMapping("/admin/roster/clear")
    String clear(@RequestParam(name = "confirm", required = false) String confirm, Principal admin, RedirectAttributes redirect) {
        if (confirm == null || !confirm.trim().equalsIgnoreCase(CLEAR_CONFIRMATION)) {
            redirect.addFlashAttribute("problem", "The roster was not emptied: type " + CLEAR_CONFIRMATION + " to confirm.");
        } else {
            int removed = roster.clear("admin:" + admin.getName());
            redirect.addFlashAttribute("notice", "The roster was emptied: " + removed + (removed == 1 ? " person" : " people") + " removed.");
        }
        return "redirect:/admin/roster";
    }

    @GetMapping("/admin/roster.csv")
    ResponseEntity<String> export() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"roster.csv\"")
                .body(RosterCsv.write(roster.list(null)));
    }

    private void addPage(Model model, String search) {
        List<RosterPerson> people = roster.list(search);
        model.addAttribute("people", people);
        model.addAttribute("search", search);
        model.addAttribute("total", search == null || search.isBlank() ? people.size() : roster.list(null).size());
        model.addAttribute("seated", people.stream().filter(RosterPerson::holdsSeat).count());
        model.addAttribute("access", config.participants().access());
        model.addAttribute("rosterMode", config.participants().is(ParticipantsSettings.ROSTER));
        model.addAttribute("allowedDomains", config.participants().allowedDomains());
        model.addAttribute("maxMegabytes", RosterCsv.MAX_BYTES / (1024 * 1024));
        model.addAttribute("maxRows", RosterCsv.MAX_ROWS);
        model.addAttribute("clearConfirmation", CLEAR_CONFIRMATION);
    }
}
