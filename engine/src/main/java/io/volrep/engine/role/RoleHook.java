package io.volrep.engine.role;

/**
 * Test seam: told each time this host reaches a point of a role transfer, after what the point names
 * is durable and before the next thing happens. A test installs one that stops the daemon dead there
 * (a crash) or throws (a failure of that step). Points:
 * <pre>
 *  migrate.frozen     old Primary: the migration is recorded, writes are refused
 *  migrate.committed  old Primary: the commit point is recorded (the new Primary's position R with it)
 *  migrate.promote    new Primary: asked to take the role, nothing changed yet
 *  migrate.promoted   new Primary: its new role is recorded, the old Primary not yet answered
 *  migrate.demoted    old Primary: recorded as Secondary, its resume point not yet moved
 *  migrate.rebased    old Primary: running as Secondary, other Secondaries not yet re-pointed
 *  migrate.repoint    other Secondary: asked to follow the new Primary, nothing changed yet
 *  migrate.repointed  other Secondary: its new RLINK is recorded, its resume point not yet moved
 *  migrate.done       old Primary: every Secondary follows the new Primary
 *  takeover.done      new Primary: its role is recorded
 *  takenover.frozen   old Primary: learned of the takeover, writes refused, blocks not yet marked
 *  fbsync.converted   old Primary: recorded as Secondary of the new Primary
 *  makesec.demoted    old Primary: recorded as Secondary, its resume point not yet moved
 * </pre>
 */
@FunctionalInterface
public interface RoleHook {

    void reached(String point);

    RoleHook NONE = point -> {
    };
}
