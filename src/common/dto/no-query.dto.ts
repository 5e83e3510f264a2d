/** For routes without query parameters: any parameter is refused. */
export class NoQueryDto {}
