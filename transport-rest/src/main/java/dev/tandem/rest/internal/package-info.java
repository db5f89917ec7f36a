/** Implementation of the REST APIs; not API, may change without notice. */
package dev.tandem.rest.internal;
