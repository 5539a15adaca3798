// temporal-shards: the server of `temporal server start-dev` (Temporal CLI v1.5.1, server v1.29.1)
// with the number of history shards as a flag, for the scaling benchmark (docs/benchmarks.md).
//
// It builds the server the way the CLI's devserver package does (temporalcli/devserver/server.go:
// SQLite persistence and visibility, in memory or in a file, all four services in one process on
// static hosts, the CLI's default dynamic config, namespaces and search attributes written into the
// database before the server starts), without the UI, and with NumHistoryShards from --shards
// instead of 1. The number of shards is fixed when a database is created: a file created with one
// count must not be opened with another (the server refuses to start).
//
// Ports: the frontend on --port, its HTTP API on --port+1, and the history, matching and worker
// services on --port+2, +3 and +4 (the CLI picks free ports; fixed ones keep the benchmark inside
// the port range it was given).
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/membership/static"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/primitives"
	"go.temporal.io/server/components/callbacks"
	"go.temporal.io/server/components/nexusoperations"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"
)

// pairs is a repeatable KEY=VALUE flag.
type pairs map[string]string

func (p pairs) String() string { return fmt.Sprint(map[string]string(p)) }

func (p pairs) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("expected KEY=VALUE, got %q", s)
	}
	p[k] = v
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run() error {
	ip := flag.String("ip", "127.0.0.1", "IP address every service binds to")
	port := flag.Int("port", 7830, "frontend gRPC port; the HTTP API and the other services take the next four")
	shards := flag.Int("shards", 1, "number of history shards (fixed when the database is created)")
	dbFile := flag.String("db-filename", "", "SQLite file; empty: a database in memory, lost on exit")
	namespace := flag.String("namespace", "default", "namespace registered at start")
	logLevel := flag.String("log-level", "warn", "server log level (debug, info, warn, error)")
	pragmas, searchAttrs, dynValues := pairs{}, pairs{}, pairs{}
	flag.Var(pragmas, "sqlite-pragma", "SQLite pragma NAME=VALUE (repeatable)")
	flag.Var(searchAttrs, "search-attribute", "search attribute NAME=TYPE, e.g. CaravelJobState=Keyword (repeatable)")
	flag.Var(dynValues, "dynamic-config-value", "dynamic config KEY=JSON_VALUE (repeatable)")
	flag.Parse()

	if *shards < 1 {
		return fmt.Errorf("--shards must be at least 1, got %d", *shards)
	}
	if *port < 1 || *port+4 > 65535 {
		return fmt.Errorf("--port must leave room for four more ports below 65536, got %d", *port)
	}
	attrs, err := searchAttributes(searchAttrs)
	if err != nil {
		return err
	}
	dyn, err := dynamicConfig(dynValues)
	if err != nil {
		return err
	}
	host := func(offset int) string { return fmt.Sprintf("%s:%d", *ip, *port+offset) }

	sql, err := sqlConfig(*dbFile, pragmas, *namespace, attrs)
	if err != nil {
		return err
	}
	var conf config.Config
	conf.Global.Membership.MaxJoinDuration = 30 * time.Second
	conf.Global.Membership.BroadcastAddress = *ip
	conf.Persistence.DefaultStore = "sqlite-default"
	conf.Persistence.VisibilityStore = "sqlite-default"
	conf.Persistence.NumHistoryShards = int32(*shards)
	conf.Persistence.DataStores = map[string]config.DataStore{"sqlite-default": {SQL: sql}}
	conf.ClusterMetadata = &cluster.Config{
		FailoverVersionIncrement: 10,
		MasterClusterName:        "active",
		CurrentClusterName:       "active",
		ClusterInformation: map[string]cluster.ClusterInformation{
			"active": {
				Enabled:                true,
				InitialFailoverVersion: 1,
				RPCAddress:             host(0),
				HTTPAddress:            host(1),
				ClusterID:              uuid.NewString(),
			},
		},
	}
	conf.DCRedirectionPolicy.Policy = "noop"
	service := func(grpcOffset int) config.Service {
		var s config.Service
		s.RPC.GRPCPort = *port + grpcOffset
		s.RPC.BindOnIP = *ip
		return s
	}
	frontend := service(0)
	frontend.RPC.HTTPPort = *port + 1
	conf.Services = map[string]config.Service{
		"frontend": frontend, "history": service(2), "matching": service(3), "worker": service(4),
	}
	conf.Archival.History.State = "disabled"
	conf.Archival.Visibility.State = "disabled"
	conf.NamespaceDefaults.Archival.History.State = "disabled"
	conf.NamespaceDefaults.Archival.Visibility.State = "disabled"
	conf.PublicClient.HostPort = host(0)

	logger := log.NewZapLogger(log.BuildZapLogger(log.Config{Level: *logLevel, Format: "console"}))
	authorizer, err := authorization.GetAuthorizerFromConfig(&conf.Global.Authorization)
	if err != nil {
		return fmt.Errorf("creating the authorizer: %w", err)
	}
	claimMapper, err := authorization.GetClaimMapperFromConfig(&conf.Global.Authorization, logger)
	if err != nil {
		return fmt.Errorf("creating the claim mapper: %w", err)
	}

	// The dev server's dynamic config (devserver.buildServerOptions and the CLI's defaults), then
	// the values given on the command line over it.
	dc := dynamicconfig.StaticClient{
		dynamicconfig.HistoryCacheHostLevelMaxSize.Key():                 8096,
		dynamicconfig.FrontendMaxNamespaceVisibilityRPSPerInstance.Key(): 100,
		nexusoperations.CallbackURLTemplate.Key(): fmt.Sprintf(
			"http://%s/namespaces/{{.NamespaceName}}/nexus/callback", host(1)),
		callbacks.AllowedAddresses.Key(): []struct {
			Pattern       string
			AllowInsecure bool
		}{{Pattern: host(1), AllowInsecure: true}},
		"system.forceSearchAttributesCacheRefreshOnRead": true,
		"frontend.persistenceMaxQPS":                     10000,
		"history.persistenceMaxQPS":                      45000,
	}
	for k, v := range dyn {
		dc[dynamicconfig.Key(k)] = v
	}

	server, err := temporal.NewServer(
		temporal.WithConfig(&conf),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithStaticHosts(map[primitives.ServiceName]static.Hosts{
			primitives.FrontendService: static.SingleLocalHost(host(0)),
			primitives.HistoryService:  static.SingleLocalHost(host(2)),
			primitives.MatchingService: static.SingleLocalHost(host(3)),
			primitives.WorkerService:   static.SingleLocalHost(host(4)),
		}),
		temporal.WithLogger(logger),
		temporal.WithAuthorizer(authorizer),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return claimMapper }),
		temporal.WithDynamicConfigClient(dc),
	)
	if err != nil {
		return fmt.Errorf("building the server: %w", err)
	}
	if err := server.Start(); err != nil {
		return fmt.Errorf("starting the server: %w", err)
	}
	fmt.Printf("temporal server v1.29.1 on %s, %d history shard(s), database %s\n",
		host(0), *shards, map[bool]string{true: "in memory", false: *dbFile}[*dbFile == ""])
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	server.Stop()
	return nil
}

// sqlConfig is devserver.buildSQLConfig: the schema is written into a new file (an in-memory
// database gets it from the SQLite plugin), then the namespace with its search attributes.
func sqlConfig(dbFile string, pragmas pairs, namespace string,
	attrs map[string]enums.IndexedValueType) (*config.SQL, error) {
	conf := config.SQL{PluginName: sqliteplugin.PluginName}
	if dbFile == "" {
		conf.ConnectAttributes = map[string]string{"mode": "memory", "cache": "shared"}
		conf.DatabaseName = uuid.NewString()
	} else {
		conf.ConnectAttributes = map[string]string{"mode": "rwc"}
		conf.DatabaseName = dbFile
	}
	for k, v := range pragmas {
		conf.ConnectAttributes[k] = v
	}
	if dbFile != "" {
		if _, err := os.Stat(dbFile); errors.Is(err, os.ErrNotExist) {
			if _, err := os.Stat(filepath.Dir(dbFile)); err != nil {
				return nil, fmt.Errorf("--db-filename: its directory: %w", err)
			}
			if err := sqliteschema.SetupSchema(&conf); err != nil {
				return nil, fmt.Errorf("--db-filename: setting up the schema: %w", err)
			}
		}
	}
	ns, err := sqliteschema.NewNamespaceConfig("active", namespace, false, attrs)
	if err != nil {
		return nil, fmt.Errorf("--namespace %q: %w", namespace, err)
	}
	if err := sqliteschema.CreateNamespaces(&conf, ns); err != nil {
		return nil, fmt.Errorf("--namespace %q: creating it: %w", namespace, err)
	}
	return &conf, nil
}

// searchAttributes reads NAME=TYPE pairs, the type's name in any case (Keyword, Text, Int, ...).
func searchAttributes(p pairs) (map[string]enums.IndexedValueType, error) {
	attrs := make(map[string]enums.IndexedValueType, len(p))
	for name, typ := range p {
		for short, ord := range enums.IndexedValueType_shorthandValue {
			if strings.EqualFold(typ, short) {
				attrs[name] = enums.IndexedValueType(ord)
			}
		}
		if attrs[name] == 0 {
			return nil, fmt.Errorf("--search-attribute %s: unknown type %q", name, typ)
		}
	}
	return attrs, nil
}

// dynamicConfig reads KEY=JSON pairs; whole numbers become int, as the CLI does (the server's
// integer settings accept no other type).
func dynamicConfig(p pairs) (map[string]any, error) {
	out := make(map[string]any, len(p))
	for k, raw := range p {
		dec := json.NewDecoder(strings.NewReader(raw))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("--dynamic-config-value %s: not JSON: %w", k, err)
		}
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				v = int(i)
			} else if f, err := n.Float64(); err == nil {
				v = f
			}
		}
		out[k] = v
	}
	return out, nil
}
