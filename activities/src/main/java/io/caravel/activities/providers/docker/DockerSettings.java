package io.caravel.activities.providers.docker;

import io.caravel.activities.node.DiskLimit;
import io.caravel.activities.settings.Setting;
import io.caravel.activities.settings.SettingChecks;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.activities.settings.SettingsSource;
import io.caravel.api.errors.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The docker engine's settings: which daemon it runs containers on and how it reaches it, how it
 * pulls images, its per-container process limit and how often it measures what a container wrote.
 * Declares its keys ({@link #DECLARATION}); the worker's configuration composes them.
 *
 * @param host the Docker daemon ({@code unix:///path}, {@code tcp://host:port} or {@code
 *     npipe://...})
 * @param certPath for a daemon behind TLS: the folder with {@code ca.pem}, {@code cert.pem} and
 *     {@code key.pem}
 * @param pulls whether absent images are pulled, and with which registry credentials
 * @param pidsLimit the most processes one container may have; 0 for no limit
 * @param diskWatchInterval how often a running container's writes are measured against its disk
 *     limit
 */
public record DockerSettings(
        String host,
        Optional<Path> certPath,
        ImagePulls pulls,
        long pidsLimit,
        Duration diskWatchInterval) {
    /** The documentation section of these keys. */
    public static final String SECTION = "Docker engine keys";

    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    /** How often a running container's writes are measured against its disk limit. */
    public static final Duration DEFAULT_DISK_WATCH_INTERVAL =
            DiskLimit.Settings.DEFAULT.watchInterval();

    /** What a {@code dockerCertPath} folder holds, as Docker's {@code DOCKER_CERT_PATH}. */
    public static final List<String> CERT_FILES = List.of("ca.pem", "cert.pem", "key.pem");

    public static final Setting<String> HOST =
            Setting.string(
                    SECTION,
                    "dockerHost",
                    "url",
                    DEFAULT_HOST,
                    "The Docker daemon the docker engine runs containers on (unix:///PATH or"
                            + " tcp://HOST:PORT); used only when engines lists docker.");

    public static final Setting<Path> CERT_PATH =
            Setting.path(
                    SECTION,
                    "dockerCertPath",
                    "",
                    "For a dockerHost tcp://HOST:PORT behind TLS: the folder with ca.pem (the"
                            + " daemon's CA), cert.pem and key.pem (this node's client"
                            + " certificate), as Docker's DOCKER_CERT_PATH; empty for no TLS.");

    public static final Setting<Boolean> SKIP_IMAGE_PULL =
            Setting.bool(
                    SECTION,
                    "dockerSkipImagePull",
                    false,
                    "Never pull images: a docker task whose image the daemon does not have fails at"
                            + " once (Bacalhau's SKIP_IMAGE_PULL).");

    public static final Setting<String> USERNAME =
            Setting.string(
                    SECTION,
                    "dockerUsername",
                    "name",
                    "",
                    "Registry user the docker engine pulls images with, with dockerPassword, sent to"
                            + " the registry the image names (Bacalhau's DOCKER_USERNAME); empty:"
                            + " the daemon client's own credentials (~/.docker/config.json of the"
                            + " worker's user).");

    public static final Setting<String> PASSWORD =
            Setting.string(
                    SECTION,
                    "dockerPassword",
                    "secret",
                    "",
                    "Password or access token of dockerUsername (Bacalhau's DOCKER_PASSWORD).");

    public static final Setting<Long> PIDS_LIMIT =
            Setting.of(
                    SECTION,
                    "dockerPidsLimit",
                    "count",
                    DockerEngine.DEFAULT_PIDS_LIMIT,
                    Long.toString(DockerEngine.DEFAULT_PIDS_LIMIT),
                    "The most processes (threads included) one docker container may have: a fork"
                            + " bomb stops there instead of at the host's limit; 0 or -1 for no"
                            + " limit.",
                    v -> (long) v.integer());

    public static final Setting<Duration> DISK_WATCH_INTERVAL =
            Setting.duration(
                    SECTION,
                    "diskWatchInterval",
                    DEFAULT_DISK_WATCH_INTERVAL,
                    "How often the docker engine measures what a running container wrote (its"
                            + " result paths and writable layer) against its disk limit, killing it"
                            + " once over; a container may write up to an interval's worth past"
                            + " it.");

    public static final DockerSettings DEFAULTS =
            new DockerSettings(
                    DEFAULT_HOST,
                    Optional.empty(),
                    ImagePulls.DEFAULT,
                    DockerEngine.DEFAULT_PIDS_LIMIT,
                    DEFAULT_DISK_WATCH_INTERVAL);

    /** The keys of the docker engine and how they make a {@link DockerSettings}. */
    public static final SettingsDeclaration<DockerSettings> DECLARATION =
            SettingsDeclaration.of(
                    DockerSettings.class,
                    SECTION,
                    List.of(
                            HOST,
                            CERT_PATH,
                            SKIP_IMAGE_PULL,
                            USERNAME,
                            PASSWORD,
                            PIDS_LIMIT,
                            DISK_WATCH_INTERVAL),
                    DockerSettings::resolve,
                    s ->
                            Arrays.asList(
                                    s.host(),
                                    s.certPath().orElse(null),
                                    s.pulls().skip(),
                                    s.pulls().username(),
                                    s.pulls().password(),
                                    s.pidsLimit(),
                                    s.diskWatchInterval()));

    public DockerSettings {
        Objects.requireNonNull(host, "host");
        certPath = certPath == null ? Optional.empty() : certPath;
        pulls = pulls == null ? ImagePulls.DEFAULT : pulls;
        pidsLimit = Math.max(0, pidsLimit);
        Objects.requireNonNull(diskWatchInterval, "diskWatchInterval");
    }

    /**
     * The disk limits the engine enforces on a node whose tasks without Disk may write {@code
     * defaultTaskDiskBytes}.
     */
    public DiskLimit.Settings diskLimits(long defaultTaskDiskBytes) {
        return new DiskLimit.Settings(defaultTaskDiskBytes, diskWatchInterval);
    }

    private static DockerSettings resolve(SettingsSource source, List<Problem> problems) {
        String host = host(source.get(HOST), problems);
        Optional<Path> certs = certPath(source.get(CERT_PATH), host, problems);
        ImagePulls pulls =
                pulls(
                        source.get(SKIP_IMAGE_PULL),
                        source.get(USERNAME),
                        source.get(PASSWORD),
                        problems);
        long pids = source.get(PIDS_LIMIT);
        if (pids < -1) {
            problems.add(
                    new Problem(
                            PIDS_LIMIT.key(),
                            "invalid limit "
                                    + pids
                                    + "; use a number of processes such as "
                                    + DockerEngine.DEFAULT_PIDS_LIMIT
                                    + ", or 0 or -1 for no limit"));
        }
        Duration watch = source.get(DISK_WATCH_INTERVAL);
        SettingChecks.positive(problems, DISK_WATCH_INTERVAL.key(), watch, false);
        boolean watchValid = watch != null && !watch.isNegative() && !watch.isZero();
        return new DockerSettings(
                host, certs, pulls, pids, watchValid ? watch : DEFAULT_DISK_WATCH_INTERVAL);
    }

    private static String host(String dockerHost, List<Problem> problems) {
        String host = dockerHost == null ? "" : dockerHost.strip();
        if (!host.matches("(unix|tcp|npipe)://\\S+")) {
            problems.add(
                    new Problem(
                            HOST.key(),
                            "invalid Docker host \""
                                    + host
                                    + "\"; use unix:///var/run/docker.sock, tcp://HOST:PORT or npipe://PATH"));
        }
        return host;
    }

    private static Optional<Path> certPath(Path dir, String host, List<Problem> problems) {
        if (dir == null || dir.toString().isBlank()) {
            return Optional.empty();
        }
        if (!host.startsWith("tcp://")) {
            problems.add(
                    new Problem(
                            CERT_PATH.key(),
                            "TLS applies to a daemon reached over"
                                    + " tcp://HOST:PORT, but dockerHost is "
                                    + host
                                    + "; unset dockerCertPath, or point dockerHost"
                                    + " at the daemon's TLS port (usually 2376)"));
        }
        List<String> missing =
                CERT_FILES.stream().filter(name -> !Files.isReadable(dir.resolve(name))).toList();
        if (!missing.isEmpty()) {
            problems.add(
                    new Problem(
                            CERT_PATH.key(),
                            "cannot read "
                                    + String.join(", ", missing)
                                    + " in "
                                    + dir
                                    + "; the folder needs ca.pem (the daemon's CA), cert.pem and"
                                    + " key.pem (this node's client certificate and key), as Docker's DOCKER_CERT_PATH"));
        }
        return Optional.of(dir);
    }

    private static ImagePulls pulls(
            boolean skip, String username, String password, List<Problem> problems) {
        String user = username == null ? "" : username.strip();
        String pass = password == null ? "" : password;
        if (user.isEmpty() != pass.isEmpty()) {
            Setting<String> missing = user.isEmpty() ? USERNAME : PASSWORD;
            Setting<String> given = user.isEmpty() ? PASSWORD : USERNAME;
            problems.add(
                    new Problem(
                            missing.key(),
                            "missing: "
                                    + given.key()
                                    + " is set, and registry"
                                    + " credentials need both "
                                    + USERNAME.key()
                                    + " and "
                                    + PASSWORD.key()
                                    + "; leave both empty for the daemon client's own"));
            return new ImagePulls(skip, "", "");
        }
        return new ImagePulls(skip, user, pass);
    }
}
