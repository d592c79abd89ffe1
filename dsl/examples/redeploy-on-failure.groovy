// Deploy a new package; if that fails, go back to a known-good version and still fail (exit 6),
// so that whoever ran the script knows the new package did not go out.
//   acs run dsl/examples/redeploy-on-failure.groovy -Purl=http://repo.example.com/app-1.3.war -Pgood=41 [-Pnode=610474]

node(paramLong('node', 610474)) {
    onFailure { node, error ->
        echo "${node}: deploy failed (${error.message}); redeploying known-good version ${param('good')}"
        redeploy version: param('good'), method: SEQUENTIAL
        waitDone(timeout: '10m')
        echo "${node}: back on version ${param('good')}"
    }
    deploy url: param('url'), method: SEQUENTIAL, comment: 'redeploy-on-failure.groovy'
    waitDone(timeout: '10m')
    echo "${name}: deployed ${param('url')}"
}
