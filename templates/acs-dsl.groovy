// An ops script for the acs DSL (docs/LIBRARY.md: "Ops scripts in Groovy"; the vocabulary: dsl/README.md).
//   acs run THIS_FILE -Purl=http://repo.example.com/app-1.3.war [-Pservice=12209] [--dry-run | --rehearse]
// With nothing configured it runs against the embedded simulator (demo data).
// It is type-checked before anything is sent: a misspelt name is reported with its line (exit 2).

// Read: the running nodes of a service.
def targets = nodes(service: paramLong('service', 12209), status: RUNNING)
targets.each { echo "${it.id} ${it.name}: ${it.status}, image ${it.imageName}" }

// Deploy, one node at a time: the first failure stops the rollout (exit 6) and names the node;
// with -Pgood=VERSION a failed node is put back on that version first.
def good = param('good', '')
rollout(targets, batch: 1, pause: param('pause', '0s'), maxFailures: 0) {
    onFailure { node, error ->
        echo "${node}: ${error.message}"
        if (good) { redeploy version: good; waitDone(timeout: '10m') }
    }
    deploy url: param('url', 'http://repo.example.com/app-1.3.war'), method: SEQUENTIAL
    waitDone(timeout: '10m')
}

// Report.
targets.each { it.refresh(); echo "${it.name}: ${it.status}" }
