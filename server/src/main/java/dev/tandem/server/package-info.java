/** The runnable Tandem application: configuration, wiring, main. */
package dev.tandem.server;
