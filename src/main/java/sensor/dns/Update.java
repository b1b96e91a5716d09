package sensor.dns;

import java.util.List;

/**
 * A dynamic update (RFC 2136, opcode UPDATE): the zone, its section counts, and the records it
 * adds or deletes. Its prerequisite and update sections are never answers.
 *
 * @param added   update records of the zone's class: {@code data} is the record added
 * @param deleted update records of class ANY (a whole RRset, or every RRset of the name when
 *                the type is {@code ANY}: {@code data} null) or NONE (one record: {@code data})
 */
public record Update(String zone, int prerequisites, int updates, int additional, List<Answer> added,
        List<Answer> deleted) {}
