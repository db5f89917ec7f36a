/** Implementation of the Bayeux server: codec, transports, meta-channel handlers, client state. Not API; may change without notice. */
package dev.tandem.bayeux.internal;
