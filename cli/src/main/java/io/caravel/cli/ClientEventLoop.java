package io.caravel.cli;

import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The one network thread of a CLI connection, stopped when the connection closes. gRPC's shared
 * event loop lingers for a second after its last channel, blocked in a native select, and the JVM's
 * exit waits about 300 ms for any thread in native code before it gives up on it: every command
 * paid that on its way out. Owning the loop lets {@link #close} end it first.
 */
final class ClientEventLoop implements AutoCloseable {
    private static final long STOP_WAIT_MILLIS = 2_000;

    private final NioEventLoopGroup group =
            new NioEventLoopGroup(1, new DefaultThreadFactory("caravel-cli-io", true));

    /** Makes {@code channel}, the SDK's Netty channel builder, run on this loop. */
    void use(ManagedChannelBuilder<?> channel) {
        if (channel instanceof NettyChannelBuilder netty) {
            netty.eventLoopGroup(group).channelType(NioSocketChannel.class);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(STOP_WAIT_MILLIS);
    }
}
