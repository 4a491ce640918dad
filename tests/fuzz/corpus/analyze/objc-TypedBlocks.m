@implementation Cache
- (void)setUp {
  self.pathBlock = ^NSString * _Nullable(NSString * _Nonnull key, int n) {
    return n > 0 ? key : nil;
  };
  self.check = ^BOOL(id item) { return item != nil; };
  self.run = ^(void) { };
}
@end
