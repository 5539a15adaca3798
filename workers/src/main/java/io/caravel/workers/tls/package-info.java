/** Client TLS towards Temporal from PEM files, shared by the worker and the {@code caravel} CLI. */
package io.caravel.workers.tls;
