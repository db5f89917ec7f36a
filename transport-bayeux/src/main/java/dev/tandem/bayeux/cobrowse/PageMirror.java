package dev.tandem.bayeux.cobrowse;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What the mask check remembers of the customer's page between batches: for each rrweb node id, its parent and a
 * few flags; for elements that hold any rule atom, those atoms. About six bytes per node id, in arrays that grow
 * with the largest id seen up to {@link #MAX_NODE_ID}; nodes above it are not remembered (not checked). Not
 * thread-safe: owned by one {@link PageState}, used under its lock.
 *
 * <p>A removed node is forgotten, its descendants are left in place (rrweb never refers to them again: a node
 * moved elsewhere comes back, with its subtree, as additions).
 */
final class PageMirror {
    static final int MAX_NODE_ID = 1 << 20;

    static final int KNOWN = 1;
    static final int ELEMENT = 1 << 1;
    static final int TEXT = 1 << 2;
    /** A child of a shadow root: CSS's {@code closest()} does not look past it. */
    static final int SCOPE_TOP = 1 << 3;
    /** The element matches a mask rule of the current baseline. */
    static final int SELF_RULE = 1 << 4;
    /** The element's value is always masked (password, hidden, card fields…). */
    static final int SENSITIVE = 1 << 5;
    /** The element is, or once was, a password input. */
    static final int WAS_PASSWORD = 1 << 6;
    /** input, textarea or select: its value is masked when the element is. */
    static final int VALUE_FIELD = 1 << 7;
    /** An input whose value rrweb never masks (checkbox, radio, submit, button). */
    static final int RAW_VALUE = 1 << 8;
    /** style or script: text below is not masked by rrweb. */
    static final int NO_TEXT_MASK = 1 << 9;
    /** Inside an iframe's document. */
    static final int NESTED = 1 << 10;
    static final int SVG = 1 << 11;
    static final int INPUT = 1 << 12;
    static final int DOCUMENT = 1 << 13;

    /** Longest parent chain followed (a guard against cycles a crafted stream could build). */
    private static final int MAX_DEPTH = 4096;

    private int[] parent = new int[0];
    private short[] flags = new short[0];
    private final Map<Integer, Long> atoms = new HashMap<>();
    private int maxId;
    private boolean overflowed;

    /** Forgets everything (a new full snapshot); gives back the memory of a larger page. */
    void reset() {
        if (parent.length > 4096) {
            parent = new int[0];
            flags = new short[0];
        } else {
            Arrays.fill(parent, 0, Math.min(parent.length, maxId + 1), 0);
            Arrays.fill(flags, 0, Math.min(flags.length, maxId + 1), (short) 0);
        }
        atoms.clear();
        maxId = 0;
        overflowed = false;
    }

    /** Whether an id was out of range since the last reset (that node is not checked). */
    boolean overflowed() {
        return overflowed;
    }

    /** Remembers node {@code id}; false when the id is out of range. */
    boolean put(int id, int parentId, int nodeFlags, long nodeAtoms) {
        if (id <= 0 || id > MAX_NODE_ID) {
            overflowed |= id > MAX_NODE_ID;
            return false;
        }
        if (id >= parent.length) {
            int size = Math.max(1024, parent.length);
            while (size <= id) {
                size *= 2;
            }
            size = Math.min(size, MAX_NODE_ID + 1);
            parent = Arrays.copyOf(parent, size);
            flags = Arrays.copyOf(flags, size);
        }
        parent[id] = parentId;
        flags[id] = (short) (nodeFlags | KNOWN);
        if (nodeAtoms != 0) {
            atoms.put(id, nodeAtoms);
        } else {
            atoms.remove(id);
        }
        maxId = Math.max(maxId, id);
        return true;
    }

    void remove(int id) {
        if (known(id)) {
            flags[id] = 0;
            parent[id] = 0;
            atoms.remove(id);
        }
    }

    boolean known(int id) {
        return id > 0 && id < flags.length && (flags[id] & KNOWN) != 0;
    }

    /** The node's flags; 0 when unknown. */
    int flags(int id) {
        return id > 0 && id < flags.length ? flags[id] : 0;
    }

    void flags(int id, int nodeFlags) {
        if (known(id)) {
            flags[id] = (short) (nodeFlags | KNOWN);
        }
    }

    int parent(int id) {
        return known(id) ? parent[id] : 0;
    }

    long atoms(int id) {
        Long a = atoms.get(id);
        return a == null ? 0 : a;
    }

    void atoms(int id, long nodeAtoms) {
        if (nodeAtoms != 0) {
            atoms.put(id, nodeAtoms);
        } else {
            atoms.remove(id);
        }
    }

    /**
     * The element whose mask rule covers element {@code id}: itself or its nearest ancestor matching a rule, as
     * CSS's {@code closest()} sees it (within its document and shadow root); 0 when none.
     */
    int maskingElement(int id) {
        int n = id;
        for (int depth = 0; depth < MAX_DEPTH && n > 0; depth++) {
            int f = flags(n);
            if ((f & KNOWN) == 0 || (f & ELEMENT) == 0) {
                return 0;
            }
            if ((f & SELF_RULE) != 0) {
                return n;
            }
            if ((f & SCOPE_TOP) != 0) {
                return 0;
            }
            n = parent[n];
        }
        return 0;
    }
}
