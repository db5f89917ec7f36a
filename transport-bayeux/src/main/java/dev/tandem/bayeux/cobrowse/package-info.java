/**
 * The co-browse channels on a {@link dev.tandem.bayeux.BayeuxServer}: the Genesys Co-browse 8.1 Realtime API's
 * {@code /service/session/create|join|exit|stop} and {@code joined}/{@code activated}/{@code deactivated}
 * notifications, and Tandem's {@code page}, {@code rules}, {@code stream} (the page, checked for masked content)
 * and {@code control}. Bind with {@link dev.tandem.bayeux.cobrowse.CobrowseServices#bind}.
 */
package dev.tandem.bayeux.cobrowse;
