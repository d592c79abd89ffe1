// A rolling deploy of every running node of a service: two nodes at a time, a pause between
// batches, and no failure tolerated (a failed node stops the rollout: exit 6).
//   acs run dsl/examples/rolling-deploy.groovy -Pservice=12209 -Purl=http://repo.example.com/app-1.3.war
//   add --dry-run to see the requests, --rehearse to play it against a copy first.

def targets = nodes(service: paramLong('service', 12209), status: RUNNING)
echo "rolling ${param('url')} out to ${targets.size()} node(s)"

rollout(targets, batch: paramInt('batch', 2), pause: param('pause', '30s'), maxFailures: 0) {
    deploy url: param('url'), method: SEQUENTIAL
    waitDone(timeout: '10m')
    assert status == RUNNING
}
