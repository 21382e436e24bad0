/** Values shared by the daemon and its clients: names, states, error codes. */
package io.volrep.engine.api;
