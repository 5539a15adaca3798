package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.model.AuthConfig;
import java.util.Optional;

/**
 * How the docker engine gets an image the daemon does not have: whether it pulls at all (Bacalhau's
 * {@code SKIP_IMAGE_PULL}), and the registry credentials it pulls with (Bacalhau's {@code
 * DOCKER_USERNAME} and {@code DOCKER_PASSWORD}), sent to whichever registry the image names.
 * Without credentials the daemon's client configuration ({@code ~/.docker/config.json} of the
 * worker's user) is used, as the docker CLI would.
 *
 * @param skip never pull: an absent image fails the execution at once
 * @param username registry user, "" for none
 * @param password the user's password or access token, "" for none
 */
public record ImagePulls(boolean skip, String username, String password) {
    /** Pull absent images, with the daemon client's own credentials. */
    public static final ImagePulls DEFAULT = new ImagePulls(false, "", "");

    /** The registry the daemon means by an image without a registry part. */
    static final String DOCKER_HUB = "https://index.docker.io/v1/";

    /**
     * @throws IllegalArgumentException when only one of username and password is given
     */
    public ImagePulls {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        if (username.isEmpty() != password.isEmpty()) {
            throw new IllegalArgumentException(
                    "registry credentials need both a username and a password");
        }
    }

    /** The credentials for pulling {@code image}, when any are configured. */
    Optional<AuthConfig> auth(String image) {
        if (username.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new AuthConfig()
                        .withUsername(username)
                        .withPassword(password)
                        .withRegistryAddress(registry(image)));
    }

    /**
     * The registry part of an image reference, as the daemon reads it: the first path component
     * when it has a dot or a port or is {@code localhost}, else Docker Hub.
     */
    static String registry(String image) {
        int slash = image.indexOf('/');
        if (slash > 0) {
            String first = image.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return first;
            }
        }
        return DOCKER_HUB;
    }

    @Override
    public String toString() {
        return "ImagePulls[skip="
                + skip
                + ", username="
                + username
                + ", password="
                + (password.isEmpty() ? "" : "***")
                + "]";
    }
}
