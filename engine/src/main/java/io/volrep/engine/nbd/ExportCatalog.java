package io.volrep.engine.nbd;

import java.util.List;

import io.volrep.engine.api.VolrepException;

/**
 * What the NBD server may serve: the seam the daemon implements over its disk groups and RVGs.
 * Implementations must be thread-safe; the server calls them from every connection's thread.
 */
public interface ExportCatalog {

    /** Names of the exports a client may list, e.g. {@code hrdg/hr_dv01}. */
    List<String> names();

    /**
     * Opens one export for one connection; the server closes it when the connection ends.
     *
     * @throws VolrepException with {@code NO_SUCH_DG}/{@code NO_SUCH_VOLUME} when there is no such
     *         export (the client sees NBD_REP_ERR_UNKNOWN), any other code when it cannot be served
     *         now (NBD_REP_ERR_POLICY)
     */
    Export open(String name) throws VolrepException;
}
