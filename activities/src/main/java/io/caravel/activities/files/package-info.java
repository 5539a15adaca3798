/** File-system helpers shared by the node's activities: {@link io.caravel.activities.files.FileTrees}. */
package io.caravel.activities.files;
