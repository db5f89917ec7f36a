/** Wiring details of the server; not API, may change without notice. */
package dev.tandem.server.internal;
