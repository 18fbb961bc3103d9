// The part of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
	interface Histogram {
		average: number;
		p50: number;
		p99: number;
		total: number;
		totalCount?: number;
	}

	interface Options {
		url: string;
		connections?: number;
		duration?: number;
		pipelining?: number;
		method?: string;
		headers?: Record<string, string>;
		timeout?: number;
	}

	interface Result {
		duration: number;
		errors: number;
		timeouts: number;
		non2xx: number;
		'2xx': number;
		'4xx': number;
		'5xx': number;
		statusCodeStats: Record<string, { count: number }>;
		latency: Histogram;
		requests: Histogram;
		throughput: Histogram;
	}

	function autocannon(options: Options): Promise<Result>;
	export default autocannon;
}
