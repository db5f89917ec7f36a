/** The co-browse session engine's public API: tokens, roles, commands, notifications, options. */
package dev.tandem.core;
