package io.camsearch.api;

/**
 * Whether this process answers the REST API: only a process with the searcher role has an index
 * (the service makes this from {@code camsearch.roles}).
 *
 * @param served whether the searcher role runs here
 * @param roles the roles this process runs, as {@code camsearch.roles} names them, for the error
 */
public record SearchRole(boolean served, String roles) {}
