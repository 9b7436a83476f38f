package dev.levelshare.it.hooks;

import dev.levelshare.WriteRejectedException;
import dev.levelshare.hooks.PendingWrite;
import dev.levelshare.hooks.Update;
import dev.levelshare.hooks.WriteHook;

import java.nio.charset.StandardCharsets;

/** A write hook as users write one: refuses every update of a key under {@code frozen/}. */
public final class RejectPrefixHook implements WriteHook {
    static final String PREFIX = "frozen/";

    @Override
    public void beforeWrite(PendingWrite write) {
        for (Update update : write.updates()) {
            String key = new String(update.key(), StandardCharsets.UTF_8);
            if (key.startsWith(PREFIX)) {
                throw new WriteRejectedException("keys under " + PREFIX + " cannot change (" + key + ", client "
                        + write.clientName() + ")");
            }
        }
    }
}
