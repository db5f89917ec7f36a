/** Implementation of the session engine; not API, may change without notice. */
package dev.tandem.core.internal;
