// Commands under test load from src/ (through tsx), not from a stale build.
process.env.NODE_ENV = 'test'
// Tests never reach real AWS: no ambient profile or region leaks in from the machine.
delete process.env.AWS_PROFILE
delete process.env.OMNIX_ENV
process.env.AWS_REGION = 'us-east-1'
process.env.AWS_ACCESS_KEY_ID = 'AKIDTESTONLY'
process.env.AWS_SECRET_ACCESS_KEY = 'test-only-not-a-secret'
process.env.AWS_EC2_METADATA_DISABLED = 'true'
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true"
