/**
 * The history benchmark's moving parts: the open-loop pacer and the acknowledgement tracker. Not API;
 * never in a public signature.
 */
package dev.tandem.bench.history.internal;
