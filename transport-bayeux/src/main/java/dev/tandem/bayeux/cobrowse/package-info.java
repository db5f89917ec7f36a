/**
 * The co-browse channels of the Genesys Co-browse 8.1 Realtime API on a {@link dev.tandem.bayeux.BayeuxServer}:
 * {@code /service/session/create|join|exit|stop} (plus our {@code /service/session/page}) and the
 * {@code joined}/{@code activated}/{@code deactivated} notifications. Bind with
 * {@link dev.tandem.bayeux.cobrowse.CobrowseServices#bind}.
 */
package dev.tandem.bayeux.cobrowse;
