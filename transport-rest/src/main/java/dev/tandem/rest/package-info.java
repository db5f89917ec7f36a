/** The Realtime REST and History REST APIs on Reactor Netty. */
package dev.tandem.rest;
