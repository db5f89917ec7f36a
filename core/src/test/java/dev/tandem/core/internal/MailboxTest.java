package dev.tandem.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailboxTest {

    @Test
    void should_process_messages_offered_while_draining_after_the_current_one() {
        List<String> seen = new ArrayList<>();
        Mailbox<String>[] box = new Mailbox[1];
        box[0] = new Mailbox<>("test", m -> {
            seen.add(m);
            if (m.equals("first")) {
                box[0].offer("offered while draining");
                seen.add("first done");
            }
        });

        box[0].offer("first");
        box[0].offer("second");

        assertThat(seen).containsExactly("first", "first done", "offered while draining", "second");
    }

    @Test
    void should_go_on_with_the_next_message_when_the_handler_throws_an_exception_or_an_error() {
        // An Error too: a direct-memory OutOfMemoryError inside a session actor's step once stopped that actor for good.
        List<String> seen = new ArrayList<>();
        Mailbox<String> box = new Mailbox<>("test", m -> {
            if (m.equals("bad")) {
                throw new IllegalStateException("boom");
            }
            if (m.equals("worse")) {
                throw new OutOfMemoryError("Cannot reserve 524288 bytes of direct buffer memory");
            }
            seen.add(m);
        });

        box.offer("bad");
        box.offer("good");
        box.offer("worse");
        box.offer("later");

        assertThat(seen).containsExactly("good", "later");
    }
}
