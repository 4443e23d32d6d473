package dev.lablink.server.roster;

import dev.lablink.server.api.EmailAddresses;
import dev.lablink.server.api.NotFoundException;
import dev.lablink.server.api.Quote;
import dev.lablink.server.events.EventRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Changes to the roster, each in one transaction and recorded as an event with the admin who made it. */
@Service
public class RosterService {
    private final RosterRepository roster;
    private final EventRepository events;
    private final TransactionTemplate transactions;

    public RosterService(RosterRepository roster, EventRepository events, TransactionTemplate transactions) {
        this.roster = roster;
        this.events = events;
        this.transactions = transactions;
    }

    /** What an import did; {@code removed} counts people a replace took off (0 when adding). */
    public record ImportReport(boolean replaced, int rows, int added, int updated, int unchanged, int removed) {
        public String summary() {
            return rows + (rows == 1 ? " person" : " people") + " in the file: " + added + " added, " + updated + " updated, "
                    + unchanged + " unchanged" + (replaced ? ", " + removed + " removed (not in the file)" : "");
        }
    }

    /**
     * Reads the whole file first: when any row is bad nothing changes. With {@code replace}, people
     * not in the file are taken off the roster (a seat they hold stays theirs).
     */
    public ImportReport importCsv(byte[] file, boolean replace, String actor) {
        List<RosterEntry> entries = RosterCsv.read(file);
        ImportReport report = transactions.execute(status -> {
            roster.lock();
            Map<String, RosterEntry> existing = roster.entries();
            List<RosterEntry> changed = new ArrayList<>();
            int added = 0;
            int updated = 0;
            for (RosterEntry entry : entries) {
                RosterEntry before = existing.get(entry.email());
                if (before == null) {
                    added++;
                    changed.add(entry);
                } else if (!before.sameAs(entry)) {
                    updated++;
                    changed.add(entry);
                }
            }
            roster.save(changed);
            int removed = replace ? roster.removeAllBut(entries.stream().map(RosterEntry::email).toList()) : 0;
            return new ImportReport(replace, entries.size(), added, updated, entries.size() - added - updated, removed);
        });
        events.record(actor, null, "ROSTER_IMPORTED", (replace ? "roster replaced: " : "roster imported: ") + report.summary());
        return report;
    }

    public List<RosterPerson> list(String search) {
        return roster.list(search);
    }

    public void remove(String rawEmail, String actor) {
        String email = EmailAddresses.normalize(rawEmail);
        if (!roster.remove(email)) {
            throw new NotFoundException(Quote.of(email) + " is not on the roster; GET /api/v1/roster lists who is");
        }
        events.record(actor, null, "ROSTER_REMOVED", email + " was taken off the roster");
    }

    /** Empties the roster; how many people were on it. */
    public int clear(String actor) {
        int removed = transactions.execute(status -> {
            roster.lock();
            return roster.clear();
        });
        events.record(actor, null, "ROSTER_CLEARED", "the roster was emptied (" + removed + (removed == 1 ? " person" : " people") + " removed)");
        return removed;
    }
}
