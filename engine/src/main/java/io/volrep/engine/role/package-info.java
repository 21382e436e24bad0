/**
 * Primary role transfer: {@code vradmin migrate} (planned swap), {@code takeover} (the Primary is
 * lost), and failback ({@code fbsync} after fast failback, {@code makesec} otherwise).
 *
 * <p>Every host records the transfer's step with its RVG's role and RLINKs in one disk group commit
 * ({@link io.volrep.engine.volume.TransferRecord}), so a host that dies midway finds all three together
 * when it boots, and the {@link RoleMonitor} drives what is left: a migration rolls back before its
 * commit point and forward after it, a Secondary finishes moving its resume point, a new Primary keeps
 * telling the old one that it was taken over. The step enums ({@link MigrateStep},
 * {@link TakeoverStep}) hold the legal moves.
 *
 * <p>LSNs across roles: every Primary numbers its own SRL stream. A Secondary records where it stands
 * in its Primary's stream (the SRL header's applied source end). When the role moves, the hosts that
 * follow the new Primary have that position rebased exactly onto the new Primary's stream
 * ({@link io.volrep.engine.srl.Srl#rebaseSource}): in a migration every up-to-date host holds the old
 * Primary's stream up to the same LSN E, the new Primary's SRL ends at R with the same data, so each
 * of them holds "the new Primary's stream below R" and replication continues from R without a copy.
 */
package io.volrep.engine.role;
