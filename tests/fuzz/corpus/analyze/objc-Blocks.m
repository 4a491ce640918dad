#import <Foundation/Foundation.h>

@implementation Loader
- (void)load:(NSArray *)items {
  self.done = ^(BOOL ok) {
    if (!ok) {
      NSLog(@"failed");
    }
  };
  [items enumerateObjectsUsingBlock:^(id obj, NSUInteger i, BOOL *stop) {
    if (i > 3) *stop = YES;
  }];
  @synchronized (self) {
    for (id item in items) {
      @try {
        [self use:item];
      } @catch (NSException *e) {
        @throw e;
      } @finally {
        self.count++;
      }
    }
  }
}
@end

/* a C function with a block it does not bind */
void run(void) {
  dispatch_async(queue, ^{
    while (busy()) { }
  });
}
