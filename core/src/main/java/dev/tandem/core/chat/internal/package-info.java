/** Implementation of the chat engine; not API, may change without notice. */
package dev.tandem.core.chat.internal;
